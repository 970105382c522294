"""Issuing enforcement actions, the rectification back-and-forth, and the daily deadline job."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from supervision.core.workflow import check_step, take_step

from .choices import ESCALATION_ORDER, ActionKind, ActionState
from .models import ENTITY_STEPS, SUPERVISOR_STEPS, ActionEvent, EnforcementAction, RectificationUpdate


def action_issue(*, by, kind: str, legal_basis: str, issued_on: dt.date, deadline: dt.date | None = None,
                 finding=None, lender=None, agency=None, amount_yuan=None, published: bool = False) -> EnforcementAction:
    """Issue an action against an entity, from a finding (its inspection's target) or directly."""
    if finding is not None:
        target = finding.inspection.target
        lender, agency = (target, None) if finding.inspection.lender_id else (None, target)
    action = EnforcementAction(lender=lender, agency=agency, finding=finding, kind=kind, legal_basis=legal_basis,
                               issued_on=issued_on, deadline=deadline, amount_yuan=amount_yuan, responsible=by,
                               published=published)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_step(*, action: EnforcementAction, step: str, user, note: str = "", evidence=None) -> EnforcementAction:
    """One step of the rectification: by the entity (plan, done) or the supervisor (accept, reject, verify)."""
    action = EnforcementAction.objects.select_for_update().get(pk=action.pk)
    if step not in ENTITY_STEPS + SUPERVISOR_STEPS:
        raise ValidationError(_("Unknown step: %(action)s.") % {"action": step}, code="unknown_step")
    check_step(action, step, user)  # before anything is written
    if step in ("submit_plan", "report_done"):
        if not note.strip():
            raise ValidationError(_("Describe the plan or the progress."), code="empty")
        RectificationUpdate.objects.create(action=action, text=note, evidence=evidence or "", submitted_by=user)
    elif step in ("reject_plan", "reject_completion") and not note.strip():
        raise ValidationError(_("Give the reasons for rejecting."), code="no_reasons")
    elif note and action.updates.exists():
        latest = action.updates.last()
        latest.decision_note = note
        latest.save(update_fields=["decision_note"])
    return _move(action, step, by=user, note=note)


def _move(action: EnforcementAction, step: str, *, by=None, note: str = "") -> EnforcementAction:
    before = take_step(action, step, by)
    action.save()
    ActionEvent.objects.create(action=action, from_state=before, to_state=action.state, by=by, note=note[:1000])
    return action


def _stronger(kind: str) -> str:
    order = [str(k) for k in ESCALATION_ORDER]
    return order[min(order.index(kind) + 1, len(order) - 1)] if kind in order else ActionKind.LICENCE_REVOCATION


def enforcement_deadlines(*, today: dt.date | None = None) -> dict[str, int]:
    """Mark open actions past their deadline overdue, escalate those overdue past the grace period, and
    e-mail the responsible supervisor and the entity once per event."""
    today = today or timezone.localdate()
    done = {"overdue": 0, "escalated": 0}
    past_deadline = EnforcementAction.objects.filter(state__in=[ActionState.ISSUED, ActionState.PLAN_SUBMITTED,
                                                                ActionState.IN_RECTIFICATION, ActionState.VERIFICATION],
                                                     deadline__lt=today).values_list("pk", flat=True)
    for pk in list(past_deadline):
        with transaction.atomic():
            action = EnforcementAction.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if action is None or not can_proceed(action.mark_overdue):
                continue  # another run has it, or it moved on
            _move(action, "mark_overdue", note=f"deadline {action.deadline} passed")
            transaction.on_commit(lambda action=action: _notify(action, "overdue"))
            done["overdue"] += 1
    grace = dt.timedelta(days=settings.ENFORCEMENT_GRACE_DAYS)
    for pk in list(EnforcementAction.objects.filter(state=ActionState.OVERDUE, deadline__lt=today - grace)
                   .values_list("pk", flat=True)):
        with transaction.atomic():
            action = EnforcementAction.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if action is None or not can_proceed(action.escalate):
                continue
            _move(action, "escalate", note="overdue past the grace period")
            stronger = EnforcementAction.objects.create(
                lender=action.lender, agency=action.agency, finding=action.finding, kind=_stronger(action.kind),
                legal_basis=action.legal_basis, issued_on=today, escalated_from=action, responsible=action.responsible,
                deadline=today + dt.timedelta(days=settings.ENFORCEMENT_ESCALATION_DAYS),
            )
            transaction.on_commit(lambda action=action, stronger=stronger: _notify(action, "escalated", stronger))
            done["escalated"] += 1
    return done


def _notify(action: EnforcementAction, event: str, stronger: EnforcementAction | None = None) -> None:
    recipients = [email for email in action.target.users.filter(is_active=True).values_list("email", flat=True) if email]
    if action.responsible and action.responsible.email:
        recipients.append(action.responsible.email)
    if not recipients:
        return
    if event == "overdue":
        subject = _("Overdue: %(action)s (deadline %(deadline)s)") % {"action": action, "deadline": action.deadline}
    else:
        subject = _("Escalated: %(action)s, now %(stronger)s") % {"action": action, "stronger": stronger}
    send_mail(subject=subject, message=subject, from_email=None, recipient_list=recipients)
