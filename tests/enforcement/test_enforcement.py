"""Enforcement: a finding becomes a rectification order, the deadline passes, the job escalates and e-mails once."""

import datetime as dt
import json

import pytest
from django.core import mail

from supervision.core import labels
from supervision.enforcement.models import EnforcementAction
from supervision.enforcement.services import action_issue, action_step, enforcement_deadlines
from supervision.inspections.models import Finding, Inspection

pytestmark = pytest.mark.django_db


@pytest.fixture
def finding(agency_a):
    inspection = Inspection.objects.create(agency=agency_a)
    return Finding.objects.create(inspection=inspection, rule="quiet_hours", severity="high",
                                  description="凌晨催收", required_remedy="限制拨号时段")


@pytest.fixture
def order(client, finding, sam_supervisor):
    sam_supervisor.email = "sam@regulator.example"
    sam_supervisor.save()
    client.force_login(sam_supervisor)
    client.post(f"/enforcement/new/?finding={finding.pk}", {
        "finding": finding.pk, "kind": "rectification_order", "legal_basis": "GB/T 45251-2025",
        "issued_on": "2026-10-01", "deadline": "2026-10-31", "published": "on"})
    return EnforcementAction.objects.get()


def test_finding_becomes_an_order_against_the_inspected_entity(order, agency_a, finding):
    assert (order.kind, order.agency, order.finding, order.state) == ("rectification_order", agency_a, finding, "issued")


def test_deadline_passes_the_job_marks_overdue_escalates_and_emails_once(client, order, alice_agency, sam_supervisor,
                                                                         django_capture_on_commit_callbacks):
    alice_agency.email = "alice@agency.example"
    alice_agency.save()
    action_step(action=order, step="submit_plan", user=alice_agency, note="十月底前改造拨号系统")
    action_step(action=order, step="accept_plan", user=sam_supervisor, note="同意")

    with django_capture_on_commit_callbacks(execute=True):
        assert enforcement_deadlines(today=dt.date(2026, 11, 2)) == {"overdue": 1, "escalated": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert enforcement_deadlines(today=dt.date(2026, 11, 3)) == {"overdue": 0, "escalated": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert enforcement_deadlines(today=dt.date(2026, 11, 10)) == {"overdue": 0, "escalated": 1}
    with django_capture_on_commit_callbacks(execute=True):
        assert enforcement_deadlines(today=dt.date(2026, 11, 11)) == {"overdue": 0, "escalated": 0}

    order.refresh_from_db()
    stronger = order.escalated_to
    assert order.state == "escalated" and stronger.kind == "suspension" and stronger.state == "issued"
    assert [sorted(message.to) for message in mail.outbox] == [
        ["alice@agency.example", "sam@regulator.example"]] * 2
    assert "Overdue" in mail.outbox[0].subject or "逾期" in mail.outbox[0].subject


def test_steps_are_taken_by_the_right_side_only(client, order, alice_agency, bob_agency, sam_supervisor):
    client.force_login(sam_supervisor)
    assert client.post(f"/enforcement/{order.pk}/step/submit_plan/", {"note": "x"}).status_code == 403
    client.force_login(bob_agency)
    assert client.post(f"/enforcement/{order.pk}/step/submit_plan/", {"note": "x"}).status_code == 404
    client.force_login(alice_agency)
    client.post(f"/enforcement/{order.pk}/step/submit_plan/", {"note": "整改方案"})
    assert client.post(f"/enforcement/{order.pk}/step/accept_plan/", {"note": "ok"}).status_code == 403
    assert EnforcementAction.objects.get().state == "plan_submitted"


def test_rejecting_a_plan_needs_reasons(order, alice_agency, sam_supervisor):
    from django.core.exceptions import ValidationError

    action_step(action=order, step="submit_plan", user=alice_agency, note="方案")
    with pytest.raises(ValidationError):
        action_step(action=order, step="reject_plan", user=sam_supervisor, note="")
    action = action_step(action=order, step="reject_plan", user=sam_supervisor, note="缺少时间表")
    assert action.state == "issued" and action.updates.get().decision_note == "缺少时间表"


def test_a_fine_needs_its_amount(client, sam_supervisor, agency_a):
    client.force_login(sam_supervisor)
    response = client.post("/enforcement/new/", {"entity": "AA", "kind": "fine", "legal_basis": "x",
                                                  "issued_on": "2026-10-01"})
    assert response.status_code == 400 and "amount_yuan" in response.context["form"].errors
    assert not EnforcementAction.objects.exists()


def test_public_page_shows_published_actions_and_counts_only(client, order, agency_a, lender_a, api):
    from tests.complaints.helpers import complaint_data

    action_issue(by=None, kind="warning", legal_basis="unpublished", issued_on=dt.date(2026, 10, 2), agency=agency_a)
    api.post("/api/v1/complaints/", complaint_data(), format="json")
    page = client.get("/public/enforcement/").content.decode()
    assert "GB/T 45251-2025" in page and "unpublished" not in page
    assert "13812345678" not in page and "张三" not in page and "半夜" not in page
    actions = json.loads(client.get("/public/enforcement/", {"format": "json"}).content)["data"]
    assert [row["legal_basis"] for row in actions] == ["GB/T 45251-2025"]
    counts = json.loads(client.get("/public/enforcement/", {"data": "complaints", "format": "json"}).content)["data"]
    assert counts[0]["complaints"] == 1 and set(counts[0]) == {"month", "lender", "lender_name", "agency",
                                                               "agency_name", "complaints"}
    csv_text = b"".join(client.get("/public/enforcement/", {"format": "csv"}).streaming_content).decode()
    assert "unpublished" not in csv_text and "GB/T 45251-2025" in csv_text


def test_audit_trail_shows_who_changed_what(client, order, sam_supervisor, alice_agency):
    client.force_login(alice_agency)
    client.post(f"/enforcement/{order.pk}/step/submit_plan/", {"note": "方案"})
    client.force_login(sam_supervisor)
    page = client.get("/enforcement/audit/").content.decode()
    issued, submitted = labels.label("action_state", "issued"), labels.label("action_state", "plan_submitted")
    assert f"{issued} → {submitted}" in page and "alice_agency" in page  # the states in words, not codes
    assert "plan_submitted" not in page


def test_tracking_views_list_repeat_offenders_and_fines(client, sam_supervisor, agency_a):
    for kind, amount in (("warning", None), ("fine", 50000)):
        action_issue(by=sam_supervisor, kind=kind, legal_basis="x", issued_on=dt.date.today(), agency=agency_a,
                     amount_yuan=amount)
    client.force_login(sam_supervisor)
    context = client.get("/enforcement/").context
    assert context["repeat_offenders"][0]["code"] == "AA" and context["fines"][0]["fines"] == 1


def test_a_step_that_fails_after_its_evidence_is_stored_takes_the_file_back(order, alice_agency, monkeypatch):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from supervision.enforcement import services
    from supervision.enforcement.models import RectificationUpdate

    stored = []

    def fail_at_the_last_step(action, step, **kwargs):
        stored.extend(RectificationUpdate.objects.values_list("evidence", flat=True))
        raise RuntimeError("the last step failed")

    monkeypatch.setattr(services, "_move", fail_at_the_last_step)
    with pytest.raises(RuntimeError):
        action_step(action=order, step="submit_plan", user=alice_agency, note="方案",
                    evidence=ContentFile(b"%PDF-1.4", name="plan.pdf"))
    assert len(stored) == 1 and not default_storage.exists(stored[0])
    assert not RectificationUpdate.objects.exists()
