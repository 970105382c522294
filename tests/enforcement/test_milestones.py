"""Enforcement from findings: provisions and remedy carried over, deadlines suggested by kind, rectification
milestones submitted and decided, an overdue milestone handled by the daily job, counts by provision."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from supervision.enforcement.models import EnforcementAction
from supervision.enforcement.services import (
    action_issue,
    enforcement_deadlines,
    milestone_add,
    milestone_decide,
    milestone_submit,
)
from supervision.inspections.models import Finding, Inspection
from supervision.provisions.models import Provision

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 2)


@pytest.fixture
def finding(agency_a):
    inspection = Inspection.objects.create(agency=agency_a)
    finding = Finding.objects.create(inspection=inspection, severity="high", description="凌晨催收",
                                     required_remedy="限制拨号时段")
    finding.provisions.set(Provision.objects.filter(code__in=["gbt45251-hours", "cba2026-hours"]))
    return finding


@pytest.fixture
def order(finding, sam_supervisor):
    return action_issue(by=sam_supervisor, kind="rectification_order", issued_on=TODAY, finding=finding)


def test_an_action_from_a_finding_carries_its_provisions_remedy_and_the_kinds_deadline(order, settings):
    assert set(order.provisions.values_list("code", flat=True)) == {"gbt45251-hours", "cba2026-hours"}
    assert order.remedy == "限制拨号时段"
    assert order.deadline == TODAY + dt.timedelta(days=settings.ENFORCEMENT_DEADLINE_DAYS["rectification_order"])


def test_milestones_are_submitted_with_evidence_and_a_rejected_one_resubmitted(order, sam_supervisor, alice_agency):
    first = milestone_add(action=order, by=sam_supervisor, what="系统禁拨设置", due_on=TODAY + dt.timedelta(days=10),
                          evidence_required="配置截图")
    with pytest.raises(ValidationError) as refused:
        milestone_submit(milestone=first, user=alice_agency, submission="已设置")
    assert refused.value.code == "evidence_required"
    milestone_submit(milestone=first, user=alice_agency, submission="已设置",
                     evidence=ContentFile(b"%PDF-1.4", name="a.pdf"))
    with pytest.raises(ValidationError):
        milestone_decide(milestone=first, by=sam_supervisor, accept=False)  # reasons needed
    first = milestone_decide(milestone=first, by=sam_supervisor, accept=False, note="截图不清晰")
    assert first.state == "rejected" and first.is_open
    milestone_submit(milestone=first, user=alice_agency, submission="重新提交",
                     evidence=ContentFile(b"%PDF-1.4", name="b.pdf"))
    assert milestone_decide(milestone=first, by=sam_supervisor, accept=True).state == "accepted"


def test_only_the_entity_under_the_action_submits_and_only_supervisors_decide(order, sam_supervisor, bob_agency,
                                                                             ivy_inspector):
    milestone = milestone_add(action=order, by=sam_supervisor, what="培训", due_on=TODAY + dt.timedelta(days=10))
    with pytest.raises(PermissionDenied):
        milestone_submit(milestone=milestone, user=bob_agency, submission="x")
    with pytest.raises(PermissionDenied):
        milestone_add(action=order, by=ivy_inspector, what="x", due_on=TODAY)


def test_a_milestone_is_due_before_the_actions_deadline(order, sam_supervisor):
    with pytest.raises(ValidationError):
        milestone_add(action=order, by=sam_supervisor, what="x", due_on=order.deadline + dt.timedelta(days=1))


def test_an_overdue_milestone_makes_the_action_overdue_once_with_one_email(
        order, sam_supervisor, alice_agency, django_capture_on_commit_callbacks):
    alice_agency.email = "alice@agency.example"
    alice_agency.save()
    milestone_add(action=order, by=sam_supervisor, what="系统禁拨设置", due_on=TODAY + dt.timedelta(days=5))
    assert enforcement_deadlines(today=TODAY + dt.timedelta(days=5)) == {"overdue": 0, "escalated": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert enforcement_deadlines(today=TODAY + dt.timedelta(days=6)) == {"overdue": 1, "escalated": 0}
        assert enforcement_deadlines(today=TODAY + dt.timedelta(days=7)) == {"overdue": 0, "escalated": 0}
    order.refresh_from_db()
    assert order.state == "overdue" and "系统禁拨设置" in order.events.last().note
    assert len(mail.outbox) == 1 and "alice@agency.example" in mail.outbox[0].to


def test_an_accepted_milestone_no_longer_counts(order, sam_supervisor, alice_agency):
    milestone = milestone_add(action=order, by=sam_supervisor, what="培训", due_on=TODAY + dt.timedelta(days=5))
    milestone_submit(milestone=milestone, user=alice_agency, submission="已完成")
    milestone_decide(milestone=milestone, by=sam_supervisor, accept=True)
    assert enforcement_deadlines(today=TODAY + dt.timedelta(days=6)) == {"overdue": 0, "escalated": 0}


def test_counts_by_provision_equal_the_actions_citing_them(client, order, finding, sam_supervisor, agency_a):
    action_issue(by=sam_supervisor, kind="warning", issued_on=TODAY, agency=agency_a,
                 provisions=list(Provision.objects.filter(code="gbt45251-hours")))
    client.force_login(sam_supervisor)
    rows = {provision.code: provision.actions_citing for provision in client.get("/enforcement/").context["by_provision"]}
    assert rows == {"gbt45251-hours": 2, "cba2026-hours": 1}
    assert rows["gbt45251-hours"] == EnforcementAction.objects.filter(provisions__code="gbt45251-hours").count()


def test_the_public_page_cites_provisions(client, order):
    EnforcementAction.objects.filter(pk=order.pk).update(published=True)
    page = client.get("/public/enforcement/").content.decode()
    assert "GB/T 45251-2025" in page and "22:00" in page
    csv_text = client.get("/public/enforcement/", {"format": "csv"}).getvalue().decode()
    assert "GB/T 45251-2025 催收时间" in csv_text


