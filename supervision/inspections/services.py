"""Moving inspections through their workflow, proposing them from risk, findings and the entity's answers."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.core.labels import label
from supervision.core.workflow import check_step, take_step
from supervision.metrics.models import Alert, AlertState, RiskScore, Scope
from supervision.metrics.triage import alert_move
from supervision.rules.models import default_profile

from .choices import OPEN_STATES, InspectionState, Trigger
from .models import TRANSITIONS, Finding, Inspection, InspectionEvent


@transaction.atomic
def inspection_transition(*, inspection: Inspection, action: str, user, note: str = "",
                          confirm_no_findings: bool = False) -> Inspection:
    """Apply one workflow step, if this user may take it from the current state.

    Approval needs a plan (a lead at least: see inspection_approve); a report with no finding needs the
    supervisor's confirmation, and says so.
    """
    if action not in TRANSITIONS:
        raise ValidationError(_("Unknown step: %(action)s.") % {"action": action}, code="unknown_step")
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    check_step(inspection, action, user)  # the role and the state first: a wrong role learns nothing more
    if action == "approve" and inspection.lead_id is None:
        raise ValidationError(_("Approve with a plan: name the lead inspector, the team and the dates."),
                              code="plan_required")
    if action == "issue_report" and not inspection.findings.exists():
        if not confirm_no_findings:
            raise ValidationError(_("This inspection has no finding. Confirm to issue a report of no findings."),
                                  code="no_findings")
        inspection.no_findings = True
        note = note or _("No findings.")
    before = take_step(inspection, action, user)
    inspection.state_changed_at = timezone.now()
    inspection.reminded_for_state_at = None
    inspection.save()
    InspectionEvent.objects.create(inspection=inspection, from_state=before, to_state=inspection.state, by=user,
                                   note=note[:500])
    if action in ("notify", "issue_report"):
        transaction.on_commit(lambda: _tell_the_entity(inspection, action))
    return inspection


@transaction.atomic
def inspection_approve(*, inspection: Inspection, by, lead, members, planned_start: dt.date, planned_end: dt.date,
                       period_from: dt.date, period_to: dt.date, metrics: list[str], categories: list[str],
                       note: str = "") -> Inspection:
    """A supervisor approves a proposed inspection as work: who leads it, who is on the team, when, and what."""
    if not lead.is_regulator or any(not member.is_regulator for member in members):
        raise ValidationError(_("The lead and the team are regulator staff."), code="not_staff")
    if planned_end < planned_start or period_to < period_from:
        raise ValidationError(_("An end comes after its start."), code="dates_ordered")
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    inspection.lead = lead
    inspection.planned_start, inspection.planned_end = planned_start, planned_end
    inspection.period_from, inspection.period_to = period_from, period_to
    inspection.scope_metrics, inspection.scope_categories = list(metrics), list(categories)
    inspection.save()
    inspection.members.set([member for member in members if member.pk != lead.pk])
    return inspection_transition(inspection=inspection, action="approve", user=by, note=note)


@transaction.atomic
def finding_record(*, inspection: Inspection, by, provisions, severity: str, description: str, required_remedy: str,
                   complaints=(), metric_results=(), evidence_items=(), rule: str = "") -> Finding:
    """Record a finding on evidence picked from this inspection's entity; refuses anything of another entity."""
    if inspection.state not in (InspectionState.FIELDWORK, InspectionState.FINDINGS_DRAFTED):
        raise ValidationError(_("Findings are written during fieldwork."), code="wrong_state")
    if not provisions:
        raise ValidationError(_("Cite at least one provision from the library."), code="provision_required")
    field = "agency_id" if inspection.agency_id else "lender_id"
    target_id = inspection.agency_id or inspection.lender_id
    strangers = [complaint.receipt_no for complaint in complaints if getattr(complaint, field) != target_id]
    strangers += [f"#{result.pk}" for result in metric_results if getattr(result, field) != target_id]
    strangers += [f"#{item.pk}" for item in evidence_items if item.inspection_id != inspection.pk]
    if strangers:
        raise ValidationError(_("Evidence of another entity or inspection: %(list)s") % {"list": ", ".join(strangers)},
                              code="other_entity")
    finding = Finding.objects.create(inspection=inspection, severity=severity, description=description,
                                     required_remedy=required_remedy, rule=rule)
    finding.provisions.set(provisions)
    finding.complaints.set(complaints)
    finding.metric_results.set(metric_results)
    finding.evidence_items.set(evidence_items)
    return finding


def _tell_the_entity(inspection: Inspection, action: str) -> None:
    """E-mail the inspected entity's users when the inspection is announced and when the report is issued."""
    target = inspection.target
    recipients = [email for email in target.users.filter(is_active=True).values_list("email", flat=True) if email]
    if not recipients:
        return
    subject = (_("Inspection announced: %(entity)s") if action == "notify" else _("Inspection report issued: %(entity)s"))
    send_mail(subject=subject % {"entity": target.name}, from_email=None, recipient_list=recipients,
              message=_("See %(path)s") % {"path": inspection.get_absolute_url()})


def _recently_inspected(*, scope: str, since: dt.date) -> set[int]:
    field = "agency_id" if scope == Scope.AGENCY else "lender_id"
    recent = Inspection.objects.filter(Q(state__in=OPEN_STATES) | Q(planned_start__gte=since) | Q(created_at__date__gte=since))
    return set(recent.exclude(**{field: None}).values_list(field, flat=True))


def inspections_propose(*, capacity: int, today: dt.date | None = None) -> list[Inspection]:
    """Propose inspections of the riskiest entities not inspected in the last 12 months, up to `capacity`.

    Proposals wait for a supervisor's approval. Entities already proposed or inspected are skipped,
    so running this twice proposes nothing twice.
    """
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=365)
    scores = RiskScore.objects.filter(profile=default_profile())  # other profiles' scores are for comparing
    latest = scores.order_by("-period").values_list("period", flat=True).first()
    if latest is None or capacity <= 0:
        return []
    proposals = []
    with transaction.atomic():
        # One proposer at a time: the lock makes a concurrent run see this run's proposals.
        list(Inspection.objects.select_for_update().filter(state=InspectionState.PROPOSED))
        skip = {Scope.AGENCY: _recently_inspected(scope=Scope.AGENCY, since=since),
                Scope.LENDER: _recently_inspected(scope=Scope.LENDER, since=since)}
        for score in scores.filter(period=latest).order_by("-score", "entity_key"):
            target_id = score.agency_id if score.scope == Scope.AGENCY else score.lender_id
            if target_id is None or target_id in skip[score.scope]:
                continue
            proposals.append(Inspection.objects.create(
                **({"agency_id": target_id} if score.scope == Scope.AGENCY else {"lender_id": target_id}),
                trigger=Trigger.SCHEDULED, risk_score=score.score, planned_start=today + dt.timedelta(days=30),
                period_from=latest, period_to=latest,
                scope=_("Conduct of %(month)s, risk score %(score).1f") % {"month": latest.strftime("%Y-%m"),
                                                                          "score": score.score},
            ))
            skip[score.scope].add(target_id)
            if len(proposals) >= capacity:
                break
    return proposals


def inspection_from_alert(*, alert: Alert, by) -> Inspection:
    """An alert opens a proposed inspection of its entity (once)."""
    existing = Inspection.objects.filter(alert=alert).first()
    if existing:
        return existing
    target = {"agency": alert.agency} if alert.agency_id else {"lender": alert.lender}
    trigger = Trigger.COMPLAINT_SURGE if alert.kind == "surge" else Trigger.ALERT
    with transaction.atomic():
        inspection = Inspection.objects.create(
            **target, trigger=trigger, alert=alert, period_from=alert.period, period_to=alert.period,
            planned_start=timezone.localdate() + dt.timedelta(days=14),
            scope=f"{alert.get_kind_display()}: {label('metric', alert.metric)} = {alert.value:g}")
        if alert.state != AlertState.INSPECTION_PROPOSED:
            alert_move(alert=alert, to_state=AlertState.INSPECTION_PROPOSED, by=by,
                       note=_("Inspection #%(number)s proposed") % {"number": inspection.pk})
    return inspection


def finding_answer(*, finding: Finding, user, answer: str) -> Finding:
    """The inspected entity answers one finding of an issued report."""
    inspection = finding.inspection
    if user.entity is None or user.entity != inspection.target:
        raise PermissionDenied
    if inspection.state not in (InspectionState.REPORT_ISSUED, InspectionState.FINDINGS_DRAFTED):
        raise ValidationError(_("Findings are answered once the report is issued."), code="not_issued")
    finding.answer, finding.answered_at, finding.answered_by = answer, timezone.now(), user
    finding.save()
    return finding


def inspections_remind_stuck(*, days: int | None = None) -> int:
    """E-mail each lead whose open inspection has sat in one state too long; once per state."""
    days = days if days is not None else settings.INSPECTION_STUCK_DAYS
    cutoff = timezone.now() - dt.timedelta(days=days)
    reminded = 0
    stuck = Inspection.objects.filter(state__in=OPEN_STATES, state_changed_at__lt=cutoff,
                                      reminded_for_state_at__isnull=True, lead__isnull=False).select_related("lead")
    for inspection in stuck:
        with transaction.atomic():
            claimed = Inspection.objects.filter(pk=inspection.pk, reminded_for_state_at__isnull=True).update(
                reminded_for_state_at=timezone.now())
            if not claimed:
                continue
            send_mail(
                subject=_("Inspection waiting: %(inspection)s") % {"inspection": inspection},
                message=_("This inspection has been %(state)s since %(since)s.") % {
                    "state": inspection.get_state_display(), "since": inspection.state_changed_at.date()},
                from_email=None, recipient_list=[inspection.lead.email], fail_silently=False,
            )
            reminded += 1
    return reminded
