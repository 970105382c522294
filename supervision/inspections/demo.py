"""Demo inspections and enforcement: proposals from the demo's risk scores, a few carried forward as real work
(a plan and a team, findings on the entity's own evidence, a rectification order with milestones)."""

import datetime as dt

from django.utils import timezone

from supervision.accounts.models import Role, User
from supervision.enforcement.services import action_issue, milestone_add, milestone_submit
from supervision.metrics.models import MetricResult
from supervision.provisions.models import Provision
from supervision.rules.models import default_profile

from .models import Inspection
from .services import finding_record, inspection_approve, inspection_transition, inspections_propose

LATER_STEPS = ["notify", "start_fieldwork", "draft_findings", "issue_report"]


def demo_inspections() -> int:
    if Inspection.objects.exists():
        return 0
    supervisor = User.objects.filter(role=Role.SUPERVISOR).first()
    inspector = User.objects.filter(role=Role.INSPECTOR).first()
    today = timezone.localdate()
    proposals = inspections_propose(capacity=6)
    # The first two wait: one for the supervisor's approval, one planned for the inspector to notify.
    for number, inspection in enumerate(proposals[1:6], start=1):
        inspection = inspection_approve(
            inspection=inspection, by=supervisor, lead=inspector, members=[supervisor],
            planned_start=today + dt.timedelta(days=7 * number), planned_end=today + dt.timedelta(days=7 * number + 14),
            period_from=inspection.period_from, period_to=inspection.period_to,
            metrics=["quiet_hours_contacts", "third_party_contacts"], categories=["quiet_hours", "contact_blasting"])
        for step in LATER_STEPS[: number - 1]:
            if step == "draft_findings":
                _demo_finding(inspection, inspector)
            inspection = inspection_transition(inspection=inspection, action=step,
                                               user=supervisor if step == "issue_report" else inspector)
        if inspection.state == "report_issued":
            _demo_order(inspection, supervisor)
    return len(proposals)


def _demo_finding(inspection: Inspection, inspector) -> None:
    field = {"agency": inspection.agency} if inspection.agency_id else {"lender": inspection.lender}
    values = MetricResult.objects.filter(**field, scope=inspection.scope_kind, metric="quiet_hours_contacts",
                                         period__gte=inspection.period_from, period__lte=inspection.period_to,
                                         profile=default_profile())
    finding_record(inspection=inspection, by=inspector, severity="high", rule="夜间催收",
                   provisions=list(Provision.objects.filter(code__in=["gbt45251-hours", "cba2026-hours"])),
                   metric_results=list(values[:1]),
                   description="夜间（22:00 后）催收联系占比明显高于同业中位数。",
                   required_remedy="限制外呼系统拨号时段，并提交整改报告。")


def _demo_order(inspection: Inspection, supervisor) -> None:
    today = timezone.localdate()
    order = action_issue(by=supervisor, kind="rectification_order", issued_on=today,
                         finding=inspection.findings.first(), published=True)
    milestone_add(action=order, by=supervisor, what="外呼系统设置 22:00–08:00 禁拨", due_on=today + dt.timedelta(days=14),
                  evidence_required="系统配置截图")
    milestone_add(action=order, by=supervisor, what="催收人员培训并考核", due_on=today + dt.timedelta(days=40))
    entity_user = inspection.target.users.filter(is_active=True).first()
    if entity_user is not None:  # the entity has already answered the first one: a supervisor's decision waits
        from django.core.files.base import ContentFile

        first = order.milestones.order_by("due_on").first()
        milestone_submit(milestone=first, user=entity_user, submission="已在外呼系统中设置夜间禁拨时段。",
                         evidence=ContentFile(b"%PDF-1.4 demo", name="config.pdf"))
