"""The public complaint database: what the rule publishes, what it never shows, and how it is searched."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import Complaint, ComplaintEvent
from supervision.public.models import PublicationRun, PublishedComplaint
from supervision.public.publication import narrative_withhold, publish
from supervision.public.selectors import FACETS, PublicQuery, facets, matching_ids
from tests.complaints.helpers import complaint_data

pytestmark = pytest.mark.django_db

PERSONAL = "我叫王小明，电话13912345678，住在朝阳区建国路88号3号楼501室，车牌京A12345，邮箱wxm@example.cn。"
NARRATIVE = "催收员凌晨三点给我打电话，还把我的欠款告诉了我的同事。" + PERSONAL


def file(lender, agency, supervisor, *, categories=("quiet_hours",), consent=True, respond=None, **extra):
    data = complaint_data(narrative=NARRATIVE, complainant_name="王小明", complainant_phone="13912345678",
                          complainant_email="wxm@example.cn") | {"lender": lender, "agency": agency,
                                                                 "consent_to_publish": consent} | extra
    data.pop("categories")
    complaint, _ = complaint_services.complaint_submit(data=data)
    complaint = complaint_services.complaint_triage(complaint=complaint, by=supervisor, categories=list(categories))
    complaint = complaint_services.complaint_forward(complaint=complaint, by=supervisor)
    if respond:
        complaint = complaint_services.complaint_respond(complaint=complaint, by=respond, explanation="内部说明：已核实",
                                                         remedy="", resolution="resolved",
                                                         response_type="closed_with_relief")
    return complaint


def publish_past_the_delay():
    publish()
    PublishedComplaint.objects.update(published_at=timezone.now() - dt.timedelta(days=30))
    return publish()


@pytest.fixture
def published(lender_a, agency_a, lender_b, agency_b, sam_supervisor, alice_agency):
    answered = file(lender_a, agency_a, sam_supervisor, categories=("quiet_hours", "contact_blasting"),
                    respond=alice_agency)
    unconsented = file(lender_a, agency_a, sam_supervisor, consent=False, respond=alice_agency)
    in_house = file(lender_b, None, sam_supervisor, categories=("threats_insults",), collector_kind="lender")
    Complaint.objects.filter(pk=in_house.pk).update(response_due=timezone.now() - dt.timedelta(days=1))
    publish_past_the_delay()
    return {"answered": answered, "unconsented": unconsented, "in_house": in_house}


def test_the_rule_publishes_answered_or_overdue_complaints_only(published, lender_a, agency_a, sam_supervisor):
    waiting = file(lender_a, agency_a, sam_supervisor)  # forwarded, not answered, window not over
    received, _ = complaint_services.complaint_submit(data=complaint_data() | {"lender": lender_a, "agency": agency_a})
    publish()
    shown = set(PublishedComplaint.objects.values_list("complaint_id", flat=True))
    assert shown == {published["answered"].pk, published["unconsented"].pk, published["in_house"].pk}
    assert waiting.pk not in shown and received.pk not in shown
    in_house = PublishedComplaint.objects.get(complaint=published["in_house"])
    assert (in_house.response, in_house.timely, in_house.agency) == ("in_progress", None, None)


def test_withdrawn_and_merged_complaints_leave_the_database(published, sam_supervisor):
    complaint_services.complaint_close(complaint=published["unconsented"], by=sam_supervisor, outcome="withdrawn")
    complaint_services.complaint_merge(duplicate=published["in_house"], into=published["answered"], by=sam_supervisor)
    run = publish()
    assert run.withdrawn == 2
    assert list(PublishedComplaint.objects.values_list("complaint_id", flat=True)) == [published["answered"].pk]


def test_a_narrative_is_shown_only_with_consent_after_the_delay_and_scrubbed(lender_a, agency_a, sam_supervisor,
                                                                            alice_agency, published):
    fresh = file(lender_a, agency_a, sam_supervisor, respond=alice_agency)
    publish()
    assert PublishedComplaint.objects.get(complaint=fresh).narrative == ""  # published, narrative not yet
    assert PublishedComplaint.objects.get(complaint=published["unconsented"]).narrative == ""
    shown = PublishedComplaint.objects.get(complaint=published["answered"]).narrative
    assert shown.startswith("催收员凌晨三点给我打电话")
    for personal in ("王小明", "13912345678", "建国路88号", "501室", "京A12345", "wxm@example.cn"):
        assert personal not in shown
    assert shown.count("XXXX") >= 5


def test_a_supervisor_withholds_a_narrative_with_a_logged_reason(published, sam_supervisor):
    narrative_withhold(complaint=published["answered"], by=sam_supervisor, reason="叙述可识别投诉人单位")
    assert PublishedComplaint.objects.get(complaint=published["answered"]).narrative == ""
    publish_past_the_delay()
    assert PublishedComplaint.objects.get(complaint=published["answered"]).narrative == ""
    event = ComplaintEvent.objects.filter(complaint=published["answered"], internal=True).last()
    assert "叙述可识别投诉人单位" in event.note and event.by == sam_supervisor


def test_publishing_twice_changes_nothing(published):
    again = publish()
    assert (again.published, again.updated, again.withdrawn) == (0, 0, 0)


def test_nothing_personal_or_internal_reaches_any_public_answer(client, published, ivy_inspector, sam_supervisor):
    complaint_services.complaint_assign(complaint=published["answered"], by=sam_supervisor, assignee=ivy_inspector)
    answers = [
        client.get("/api/v1/public/complaints/").content.decode(),
        client.get("/api/v1/public/complaints/", {"format": "csv"}).getvalue().decode(),
        client.get("/api/v1/public/complaints/trends/", {"lens": "agency"}).content.decode(),
        client.get(f"/api/v1/public/complaints/{PublishedComplaint.objects.first().pk}/").content.decode(),
        client.get("/public/complaints/").content.decode(),
        client.get("/public/lenders/LA/").content.decode(),
        client.get("/").content.decode(),
    ]
    secrets = ["王小明", "13912345678", "wxm@example.cn", "建国路88号", "ivy_inspector", "内部说明", "京A12345",
               *[complaint.receipt_no for complaint in published.values()]]
    for answer in answers:
        for secret in secrets:
            assert secret not in answer, secret


def test_excluding_a_value_leaves_exactly_what_including_it_does_not(published):
    total = len(matching_ids(PublicQuery()))
    for facet, values in facets(PublicQuery()).counts.items():
        for item in values:
            included = len(matching_ids(PublicQuery(include={facet: (item["value"],)})))
            excluded = len(matching_ids(PublicQuery(exclude={facet: (item["value"],)})))
            assert included + excluded == total, (facet, item)
            assert included == item["count"], (facet, item)  # the facet count is the result count


def test_facet_counts_are_counted_under_the_other_filters(published):
    query = PublicQuery(include={"lender": ("LA",)}, exclude={"category": ("contact_blasting",)})
    counted = facets(query)
    counts = counted.counts
    assert counted.total == len(matching_ids(query))
    for item in counts["response"]:
        narrowed = PublicQuery(include=query.include | {"response": (item["value"],)}, exclude=query.exclude)
        assert len(matching_ids(narrowed)) == item["count"]
    assert {item["value"] for item in counts["lender"]} == {"LA", "LB"}  # its own filter lifted
    assert {item["value"]: item["count"] for item in counts["category"]} == {"quiet_hours": 2,
                                                                           "contact_blasting": 1}
    assert set(FACETS) == set(counts)


def test_a_two_character_chinese_word_inside_a_sentence_is_found(client, published):
    body = client.get("/api/v1/public/complaints/", {"search": "同事"}).json()
    with_narrative = set(PublishedComplaint.objects.exclude(narrative="").values_list("pk", flat=True))
    assert {row["public_id"] for row in body["results"]} == with_narrative and len(with_narrative) == 2
    assert client.get("/api/v1/public/complaints/", {"search": "同学"}).json()["count"] == 0


def test_the_answer_says_how_fresh_the_data_is(client, published):
    meta = client.get("/api/v1/public/complaints/").json()["meta"]
    assert meta["total_published"] == 3 and meta["is_stale"] is False
    PublicationRun.objects.update(finished_at=timezone.now() - dt.timedelta(days=3))
    assert client.get("/api/v1/public/complaints/", {"size": 1}).json()["meta"]["is_stale"] is True


def test_bad_parameters_get_specific_errors(client, published):
    body = client.get("/api/v1/public/complaints/", {"date_received_min": "昨天", "timely": "maybe",
                                                     "size": "5000"}).json()
    assert set(body) >= {"date_received_min", "timely"}


def test_the_csv_is_capped_with_a_message(client, published, settings):
    settings.PUBLIC_CSV_MAX_ROWS = 2
    rows = list(csv.reader(io.StringIO(client.get("/api/v1/public/complaints/", {"format": "csv"})
                                       .getvalue().decode().lstrip("\ufeff"))))
    assert len(rows) == 1 + 2 + 1 and "2" in rows[-1][0]


def test_a_visitor_lands_on_the_front_door_and_staff_on_their_work(client, published, sam_supervisor):
    page = client.get("/")
    assert page.status_code == 200 and "/complaints/new/" in page.content.decode()
    client.force_login(sam_supervisor)
    assert client.get("/").status_code == 302


def test_the_same_search_asked_another_way_is_answered_from_the_cache(client, published,
                                                                      django_assert_max_num_queries):
    first = client.get("/api/v1/public/complaints/", {"search": "同事", "lender": ["LA", "LB"]}).json()
    with django_assert_max_num_queries(1):  # only the publication run's number, which keys the cache
        again = client.get("/api/v1/public/complaints/", {"lender": ["LB", "LA", ""], "search": " 同事",
                                                          "utm_source": "newsletter"}).json()
    assert again == first


def test_a_withheld_narrative_leaves_the_cached_answers_at_once(client, published, sam_supervisor):
    def narratives() -> set[str]:
        return {row["narrative"] for row in client.get("/api/v1/public/complaints/").json()["results"]} - {""}

    shown = narratives()
    assert shown  # cached now
    for complaint in published.values():
        narrative_withhold(complaint=complaint, by=sam_supervisor, reason="可识别")
    assert narratives() == set()
