"""The overview and entity pages: figures from precomputed tables, filters, CSV, and scoping."""

import csv
import io

import pytest

from complaints import services as complaint_services
from supervision.dashboard.services import complaint_counts_refresh
from supervision.metrics.models import Alert
from tests.complaints.helpers import complaint_data
from tests.factories import MandateFactory
from tests.metrics.conftest import account, calls

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_of_data(accepted_report, metric_values, lender_a, lender_b, agency_a, agency_b, mandate_a):
    """October 2026: two agencies' reports and three complaints, counted."""
    import datetime as dt

    from django.utils import timezone

    from complaints.models import Complaint

    MandateFactory(lender=lender_b, agency=agency_b)
    accepted_report(agency_a, [account()], calls(4, at="2026-10-05T23:00:00+08:00") + calls(6, prefix="S"))
    accepted_report(agency_b, [account("B1", lender_code="LB")], calls(5, account_ref="B1", lender_code="LB", prefix="B"))
    metric_values()
    for lender, agency, categories in ((lender_a, agency_a, ["quiet_hours"]), (lender_a, agency_a, ["contact_blasting"]),
                                       (lender_b, None, ["quiet_hours"])):
        data = complaint_data(categories=categories) | {"lender": lender, "agency": agency, "region": "GD"}
        complaint, _ = complaint_services.complaint_submit(data=data)
        Complaint.objects.filter(pk=complaint.pk).update(
            received_at=timezone.make_aware(dt.datetime(2026, 10, 12, 12)))
    complaint_counts_refresh()


OCTOBER = {"from": "2026-10", "to": "2026-10"}


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_overview_headline_counts_the_period(client, sam_supervisor, month_of_data):
    client.force_login(sam_supervisor)
    figures = {f["key"]: f["value"] for f in client.get("/dashboard/", OCTOBER).context["headline"]}
    assert figures == {"complaints": 3, "third_party_share": 66.7, "contacts": 15, "night_contacts": 4,
                       "blasting_debtors": 0, "open_inspections": 0, "overdue_actions": 0, "new_alerts": 6}
    Alert.objects.filter(pk=Alert.objects.first().pk).update(state="acknowledged")
    figures = {f["key"]: f["value"] for f in client.get("/dashboard/", OCTOBER).context["headline"]}
    assert figures["new_alerts"] == 5  # read fresh: triage does not wait for the cache


def test_rankings_put_rate_beside_count(client, sam_supervisor, month_of_data):
    client.force_login(sam_supervisor)
    rows = csv_rows(client.get("/dashboard/", OCTOBER | {"download": "lenders-by-rate"}))
    assert rows[0] == ["code", "name", "complaints", "accounts", "per_10k_accounts"]
    assert [(row[0], row[2], row[3], row[4]) for row in rows[1:]] == [("LA", "2", "1", "20000.0"),
                                                                      ("LB", "1", "1", "10000.0")]


def test_filters_change_the_figures(client, sam_supervisor, month_of_data):
    client.force_login(sam_supervisor)
    rows = csv_rows(client.get("/dashboard/", OCTOBER | {"category": "quiet_hours", "download": "complaints-by-month"}))
    assert rows[1:] == [["2026-10", "quiet_hours", "非合理时间催收", "2"]]  # the code, and its label beside it
    assert client.get("/dashboard/", OCTOBER | {"lender": "LB"}).context["headline"][0]["value"] == 1


def test_hour_chart_data_counts_contacts_by_local_hour(client, sam_supervisor, month_of_data):
    client.force_login(sam_supervisor)
    rows = csv_rows(client.get("/dashboard/", OCTOBER | {"download": "contacts-by-hour"}))
    monday = rows[1]  # 5 October 2026 was a Monday
    assert monday[0] == "星期一" and monday[1 + 23] == "4" and monday[1 + 10] == "11"


def test_hour_chart_counts_a_report_once_accepted_and_a_resubmission_replaces_it(
        client, sam_supervisor, accepted_report, agency_a, lender_a, mandate_a):
    """The hour counts are the accepted report's, stored with its acceptance: no metrics run needed."""
    client.force_login(sam_supervisor)

    def week(**filters) -> dict[str, list[str]]:
        rows = csv_rows(client.get("/dashboard/", OCTOBER | filters | {"download": "contacts-by-hour"}))
        return {row[0]: row[1:] for row in rows[1:]}

    accepted_report(agency_a, [account()], calls(3, at="2026-10-05T23:00:00+08:00"))
    assert week()["星期一"][23] == "3"
    accepted_report(agency_a, [account()], calls(2, at="2026-10-06T08:30:00+08:00"))
    assert week()["星期一"][23] == "0" and week()["星期二"][8] == "2"
    accepted_report(lender_a, [account()], calls(1, at="2026-10-06T08:00:00+08:00"))  # collecting in-house
    assert week()["星期二"][8] == "3"
    assert week(agency="AA")["星期二"][8] == "2"


def test_every_chart_has_a_table_and_a_csv(client, sam_supervisor, month_of_data):
    client.force_login(sam_supervisor)
    page = client.get("/dashboard/", OCTOBER)
    names = [chart.name for chart in page.context["charts"]]
    assert len(names) == 8
    for name in names:
        assert client.get("/dashboard/", OCTOBER | {"download": name}).status_code == 200


def test_entity_names_are_escaped_in_chart_labels(client, sam_supervisor, month_of_data, lender_a):
    lender_a.name = "<img src=x onerror=alert(1)>"
    lender_a.save()
    client.force_login(sam_supervisor)
    page = client.get("/dashboard/", OCTOBER).content.decode()
    assert "<img src=x" not in page


def test_agency_user_sees_its_own_page_with_peers_only_as_a_median(client, alice_agency, month_of_data):
    client.force_login(alice_agency)
    page = client.get("/dashboard/agency/AA/", OCTOBER)
    assert page.status_code == 200
    body = page.content.decode()
    assert "乙资产管理有限公司" not in body and "乙网络小额贷款有限公司" not in body
    peers = csv_rows(client.get("/dashboard/agency/AA/", OCTOBER | {"download": "metric-vs-peers"}))
    assert peers[0] == ["month", "own", "peer_median", "threshold"] and peers[1][0] == "2026-10"


def test_entity_user_cannot_open_another_entitys_page(client, alice_agency, month_of_data):
    client.force_login(alice_agency)
    assert client.get("/dashboard/agency/AB/").status_code == 404
    assert client.get("/dashboard/lender/LA/").status_code == 404
    assert client.get("/dashboard/").status_code == 403


def test_months_without_complaints_or_contacts_are_zero_not_gaps(client, sam_supervisor, month_of_data):
    client.force_login(sam_supervisor)
    quarter = {"from": "2026-08", "to": "2026-10"}
    months = csv_rows(client.get("/dashboard/agency/AA/", quarter | {"download": "complaints"}))
    assert [row[0] for row in months[1:]] == ["2026-08", "2026-09", "2026-10"]
    assert [row[1] for row in months[1:3]] == ["0", "0"] and int(months[3][1]) > 0
    peers = csv_rows(client.get("/dashboard/agency/AA/", quarter | {"download": "metric-vs-peers"}))
    assert [row[:3] for row in peers[1:3]] == [["2026-08", "0.0", "0.0"], ["2026-09", "0.0", "0.0"]]
