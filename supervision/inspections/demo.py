"""Demo inspections and enforcement: proposals from the demo's risk scores, a few carried forward."""

import datetime as dt

from django.utils import timezone

from supervision.accounts.models import Role, User
from supervision.enforcement.services import action_issue

from .models import Finding, Inspection
from .services import inspection_transition, inspections_propose


def demo_inspections() -> int:
    if Inspection.objects.exists():
        return 0
    supervisor = User.objects.filter(role=Role.SUPERVISOR).first()
    inspector = User.objects.filter(role=Role.INSPECTOR).first()
    proposals = inspections_propose(capacity=6)
    for number, inspection in enumerate(proposals[:4]):
        inspection.lead = inspector
        inspection.save()
        steps = ["approve", "notify", "start_fieldwork", "draft_findings", "issue_report"][: 2 + number]
        for step in steps:
            if step == "draft_findings":
                Finding.objects.create(inspection=inspection, rule="quiet_hours · GB/T 45251-2025", severity="high",
                                       description="夜间（22:00 后）催收联系占比明显高于同业中位数。",
                                       required_remedy="限制外呼系统拨号时段，并提交整改报告。")
            inspection = inspection_transition(inspection=inspection, action=step,
                                               user=supervisor if step in ("approve", "issue_report") else inspector)
        if inspection.state == "report_issued":
            action_issue(by=supervisor, kind="rectification_order", legal_basis="GB/T 45251-2025 第 6 条",
                         issued_on=timezone.localdate(), deadline=timezone.localdate() + dt.timedelta(days=30),
                         finding=inspection.findings.first(), published=True)
    return len(proposals)
