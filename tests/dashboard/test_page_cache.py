"""Staff pages are served from the cache until a table they read is written: never stale, and a hit costs no
query beyond who is asking."""

import datetime as dt

import pytest
from django.db import connection, transaction

from complaints import services as complaint_services
from supervision.core.versions import tables_changed, versions
from supervision.enforcement.services import action_issue
from supervision.metrics.models import Alert
from tests.complaints.helpers import complaint_data
from tests.metrics.conftest import account, calls

pytestmark = pytest.mark.django_db

OCTOBER = {"from": "2026-10", "to": "2026-10"}


def complaints_headline(client) -> str:
    page = client.get("/dashboard/", OCTOBER).content.decode()
    return page.split('data-key="complaints"', 1)[1].split('class="value">', 1)[1].split("<", 1)[0]


def test_a_cached_overview_costs_no_query_but_the_viewer_and_renders_nothing(client, sam_supervisor, month_of_data,
                                                                            django_assert_max_num_queries):
    client.force_login(sam_supervisor)
    client.get("/dashboard/", OCTOBER)  # gives the browser its CSRF cookie: no page is kept before it has one
    first = client.get("/dashboard/", OCTOBER)
    with django_assert_max_num_queries(2):  # the user and their second factor; the session is read from the cache
        again = client.get("/dashboard/", OCTOBER)
    assert again.content == first.content and b"chart-complaints-by-month" in again.content
    assert first.templates and not again.templates  # the whole page came from the cache


def test_each_reader_gets_a_page_of_their_own(client, sam_supervisor, ivy_inspector, month_of_data):
    pages = {}
    for reader in (sam_supervisor, ivy_inspector, sam_supervisor):
        client.force_login(reader)
        client.get("/dashboard/", OCTOBER)  # the CSRF cookie of this login
        pages[reader.username] = client.get("/dashboard/", OCTOBER).content.decode()
    assert "sam_supervisor ·" in pages["sam_supervisor"] and "ivy_inspector ·" not in pages["sam_supervisor"]
    assert "ivy_inspector ·" in pages["ivy_inspector"]


def test_a_page_with_a_message_waiting_is_built_afresh(rf, sam_supervisor, month_of_data):
    from django.contrib import messages
    from django.contrib.messages.middleware import MessageMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.middleware.csrf import CsrfViewMiddleware, get_token

    from supervision.dashboard.views import overview

    def request():
        made = rf.get("/dashboard/", OCTOBER)
        made.user = sam_supervisor
        SessionMiddleware(lambda r: None).process_request(made)
        MessageMiddleware(lambda r: None).process_request(made)
        made.COOKIES["csrftoken"] = secret
        CsrfViewMiddleware(lambda r: None).process_request(made)
        return made

    secret = get_token(rf.get("/"))  # any valid secret, as the browser's cookie
    overview(request())  # kept
    waiting = request()
    messages.success(waiting, "Saved the plan")
    assert "Saved the plan" in overview(waiting).content.decode()



def test_a_new_complaint_shows_on_the_overview_once_counted(client, sam_supervisor, month_of_data, lender_a,
                                                           agency_a, django_capture_on_commit_callbacks):
    from complaints.models import Complaint

    client.force_login(sam_supervisor)
    assert complaints_headline(client) == "3"
    with django_capture_on_commit_callbacks(execute=True):  # the count's refresh is queued on commit
        complaint, _ = complaint_services.complaint_submit(data=complaint_data(
            lender=lender_a, agency=agency_a, region="GD"))
        Complaint.objects.filter(pk=complaint.pk).update(received_at=dt.datetime(2026, 10, 20, 9, tzinfo=dt.UTC))
    assert complaints_headline(client) == "4"


def test_an_accepted_report_and_an_issued_action_show_on_the_entity_page(client, sam_supervisor, alice_agency,
                                                                         agency_a, month_of_data, accepted_report):
    for viewer in (sam_supervisor, alice_agency):
        client.force_login(viewer)
        client.get("/dashboard/agency/AA/", OCTOBER)  # cached
    report = accepted_report(agency_a, [account()], calls(2, prefix="N"))  # October's again
    action = action_issue(by=sam_supervisor, kind="warning", legal_basis="x", issued_on=dt.date(2026, 11, 2),
                          agency=agency_a)
    for viewer in (sam_supervisor, alice_agency):
        client.force_login(viewer)
        page = client.get("/dashboard/agency/AA/", OCTOBER).content.decode()
        assert f"#{report.pk}</a>" in page and f"{action.get_absolute_url()}" in page


def test_triage_shows_at_once(client, sam_supervisor, month_of_data):
    client.force_login(sam_supervisor)
    before = client.get("/dashboard/", OCTOBER).content.decode()
    Alert.objects.filter(pk=Alert.objects.first().pk).update(state="acknowledged")
    assert client.get("/dashboard/", OCTOBER).content.decode() != before


def test_each_viewer_scope_has_its_own_copy(client, sam_supervisor, alice_agency, month_of_data):
    client.force_login(sam_supervisor)
    regulator_page = client.get("/dashboard/agency/AA/", OCTOBER).content.decode()
    client.force_login(alice_agency)
    own_page = client.get("/dashboard/agency/AA/", OCTOBER).content.decode()
    assert "alert" in regulator_page.lower() and own_page != regulator_page
    assert sam_supervisor.username not in own_page


@pytest.mark.django_db(transaction=True)
def test_a_table_is_bumped_when_written_and_again_when_committed():
    from supervision.entities.models import Lender

    start = versions(Lender)
    with transaction.atomic():
        Lender.objects.create(code="LV", name="版本", type="bank")
        inside = versions(Lender)
        assert inside != start  # the writer's own reads see the change at once
    assert versions(Lender) != inside  # and a page built meanwhile by another reader is not kept


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_bump_waiting():
    from supervision.entities.models import Lender

    with pytest.raises(RuntimeError), transaction.atomic():
        Lender.objects.create(code="LR", name="回滚", type="bank")
        raise RuntimeError
    with transaction.atomic():
        tables_changed("entities_lender")
        tables_changed("entities_lender", "entities_agency")
        waiting = [func for _ids, func, _robust in connection.run_on_commit]
        inside = versions(Lender)
    assert len(waiting) == 1 and waiting[0].tables == {"entities_lender", "entities_agency"}
    assert versions(Lender) != inside


def test_a_page_kept_for_a_supervisor_is_not_served_to_another_agency(client, sam_supervisor, alice_agency, agency_b,
                                                                       month_of_data):
    client.force_login(sam_supervisor)
    for _ in range(2):
        assert client.get("/dashboard/agency/AB/", OCTOBER).status_code == 200  # kept for the supervisor
    client.force_login(alice_agency)
    for _ in range(2):
        assert client.get("/dashboard/agency/AB/", OCTOBER).status_code == 404
    assert client.get("/dashboard/agency/AA/", OCTOBER).status_code == 200
