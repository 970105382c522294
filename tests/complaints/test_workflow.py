"""Triage, forwarding, the entity's response, closing and merging; masking and its access log."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.models import Complaint, PersonalDataAccess
from tests.complaints.helpers import complaint_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(api, lender_a, agency_a):
    def file(**overrides) -> Complaint:
        receipt = api.post("/api/v1/complaints/", complaint_data(**overrides), format="json").json()["receipt_no"]
        return Complaint.objects.get(receipt_no=receipt)

    return file


def forwarded(complaint, supervisor) -> Complaint:
    complaint = services.complaint_triage(complaint=complaint, by=supervisor, categories=["quiet_hours"])
    return services.complaint_forward(complaint=complaint, by=supervisor)


def test_complaint_goes_from_received_to_closed_through_the_pages(client, filed, sam_supervisor, alice_agency):
    complaint = filed()
    client.force_login(sam_supervisor)
    client.post(f"/complaints/{complaint.pk}/triage/",
                {"categories": ["quiet_hours", "third_party_harassment"], "lender": "LA", "agency": "AA",
                 "collector_kind": "agency"})
    client.post(f"/complaints/{complaint.pk}/forward/")
    client.force_login(alice_agency)
    client.post(f"/complaints/{complaint.pk}/respond/",
                {"explanation": "已核实，涉事催收员已停职。", "remedy": "书面道歉", "resolution": "resolved"})
    client.force_login(sam_supervisor)
    client.post(f"/complaints/{complaint.pk}/close/", {"outcome": "upheld"})
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.responded_in_time) == ("closed", "upheld", True)
    assert [event.to_status for event in complaint.events.all()] == [
        "received", "triaged", "forwarded", "responded", "closed"
    ]
    assert complaint.rule_profile.name == "CN"
    assert complaint.response_due - complaint.forwarded_at == dt.timedelta(days=15)


def test_complainant_sees_the_new_status(client, api, lender_a, agency_a, sam_supervisor):
    body = api.post("/api/v1/complaints/", complaint_data(), format="json").json()
    forwarded(Complaint.objects.get(receipt_no=body["receipt_no"]), sam_supervisor)
    page = client.get(body["tracking_url"].removeprefix("http://testserver")).content.decode()
    assert "Forwarded to the entity" in page or "已转" in page


def test_late_response_is_recorded_as_late(filed, sam_supervisor, alice_agency):
    complaint = forwarded(filed(), sam_supervisor)
    Complaint.objects.filter(pk=complaint.pk).update(response_due=timezone.now() - dt.timedelta(days=1))
    complaint = services.complaint_respond(complaint=Complaint.objects.get(pk=complaint.pk), by=alice_agency,
                                           explanation="x", remedy="", resolution="disputed")
    assert complaint.responded_in_time is False


def test_entity_sees_nothing_before_forwarding(api_as, filed, alice_agency):
    filed()
    assert api_as(alice_agency).get("/api/v1/complaints/").json()["results"] == []


def test_agency_sees_forwarded_complaint_masked_without_consent(api_as, filed, sam_supervisor, alice_agency):
    complaint = forwarded(filed(), sam_supervisor)
    [row] = api_as(alice_agency).get("/api/v1/complaints/").json()["results"]
    shown = row["complainant"]
    assert shown["masked"] and shown["phone"] == "138****5678" and shown["name"] == "张*"
    assert "13812345678" not in shown["narrative"] and "张三" not in shown["narrative"]
    assert "半夜" in shown["narrative"]
    assert not PersonalDataAccess.objects.filter(complaint=complaint).exists()


def test_consent_unmasks_for_the_entity_and_the_view_is_logged(api_as, filed, sam_supervisor, alice_agency):
    complaint = forwarded(filed(consent_to_share=True), sam_supervisor)
    row = api_as(alice_agency).get(f"/api/v1/complaints/{complaint.pk}/").json()
    assert row["complainant"]["phone"] == "13812345678"
    assert PersonalDataAccess.objects.filter(complaint=complaint, user=alice_agency).count() == 1


def test_supervisor_view_of_personal_data_is_logged(client, filed, sam_supervisor):
    complaint = filed()
    client.force_login(sam_supervisor)
    assert "13812345678" in client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert PersonalDataAccess.objects.filter(complaint=complaint, user=sam_supervisor).exists()


def test_other_agency_never_sees_the_complaint(api_as, client, filed, sam_supervisor, bob_agency):
    complaint = forwarded(filed(), sam_supervisor)
    assert api_as(bob_agency).get("/api/v1/complaints/").json()["results"] == []
    assert api_as(bob_agency).get(f"/api/v1/complaints/{complaint.pk}/").status_code == 404
    client.force_login(bob_agency)
    assert client.get(f"/complaints/{complaint.pk}/").status_code == 404
    assert client.post(f"/complaints/{complaint.pk}/respond/", {"explanation": "x", "resolution": "resolved"}).status_code == 404


def test_entity_cannot_triage_and_supervisor_cannot_respond(client, filed, sam_supervisor, alice_agency):
    complaint = forwarded(filed(), sam_supervisor)
    client.force_login(alice_agency)
    assert client.post(f"/complaints/{complaint.pk}/close/", {"outcome": "upheld"}).status_code == 403
    client.force_login(sam_supervisor)
    assert client.post(f"/complaints/{complaint.pk}/respond/", {"explanation": "x", "resolution": "resolved"}).status_code == 403


def test_wrong_transition_is_refused_with_a_message(api_as, filed, sam_supervisor):
    complaint = filed()
    response = api_as(sam_supervisor).post(f"/api/v1/complaints/{complaint.pk}/forward/")
    assert response.status_code == 400 and "status" in response.json()


def test_forwarding_needs_a_linked_entity(filed, sam_supervisor):
    complaint = filed(lender="", lender_name="某某网贷", agency="", collector_kind="unknown")
    complaint = services.complaint_triage(complaint=complaint, by=sam_supervisor, categories=["other"])
    with pytest.raises(ValidationError) as caught:
        services.complaint_forward(complaint=complaint, by=sam_supervisor)
    assert caught.value.code == "unlinked"


def test_same_contact_about_the_same_entity_is_a_duplicate_and_merges(client, filed, sam_supervisor):
    first = filed()
    second = filed(narrative="又一次在凌晨三点打电话骚扰，完全不同的描述内容在这里。")
    unrelated = filed(complainant_phone="13900000000", complainant_email="", narrative="另一个人的完全不同的投诉内容描述。")
    from complaints.selectors import duplicate_candidates

    assert list(duplicate_candidates(second)) == [first]
    assert unrelated not in duplicate_candidates(first)
    client.force_login(sam_supervisor)
    client.post(f"/complaints/{second.pk}/merge/", {"into": first.pk})
    second.refresh_from_db()
    assert (second.status, second.outcome, second.duplicate_of) == ("closed", "merged", first)


def test_near_identical_narrative_is_a_duplicate(filed):
    first = filed(complainant_phone="", complainant_email="")
    second = filed(complainant_phone="13900000001", complainant_email="",
                   narrative=complaint_data()["narrative"].replace("，", ", ") + "  ")
    from complaints.selectors import duplicate_candidates

    assert first in duplicate_candidates(second)


def test_the_list_masks_everything_and_logs_no_access(api_as, filed, sam_supervisor):
    filed(), filed(complainant_phone="13900000002")
    rows = api_as(sam_supervisor).get("/api/v1/complaints/").json()["results"]
    assert all(row["complainant"]["masked"] for row in rows)
    assert not PersonalDataAccess.objects.exists()


def test_supervisor_reviews_who_saw_personal_data(client, sam_supervisor, alice_agency, django_assert_max_num_queries):
    data = complaint_data() | {"lender": None, "lender_name": "某贷款平台", "agency": None, "collector_name": "某催收"}
    data.pop("categories")
    complaint, _ = services.complaint_submit(data=data, evidence=[])
    for user in (sam_supervisor, alice_agency, sam_supervisor):
        PersonalDataAccess.objects.create(user=user, complaint=complaint, purpose="page")
    client.force_login(sam_supervisor)
    with django_assert_max_num_queries(6):  # one query for the rows, whatever their number
        page = client.get(reverse("complaints:personal_data_log"), {"user": "alice_agency"}).content.decode()
    assert page.count(complaint.receipt_no) == 1 and "alice_agency" in page

    # A hundred a page; the next page keeps the filter.
    PersonalDataAccess.objects.bulk_create(
        [PersonalDataAccess(user=alice_agency, complaint=complaint, purpose="api") for _ in range(100)])
    page = client.get(reverse("complaints:personal_data_log"), {"user": "alice_agency"}).content.decode()
    assert "?user=alice_agency&amp;page=2" in page
