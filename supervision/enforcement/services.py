"""Issuing enforcement actions, the rectification back-and-forth, and the daily deadline job."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Min, Q
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from supervision.core.files import atomic_with_files
from supervision.core.workflow import check_step, take_step

from .choices import ESCALATION_ORDER, OPEN_MILESTONE_STATES, ActionKind, ActionState, MilestoneState
from .models import ENTITY_STEPS, SUPERVISOR_STEPS, ActionEvent, EnforcementAction, Milestone, RectificationUpdate


def suggested_deadline(kind: str, issued_on: dt.date) -> dt.date | None:
    """The deadline settings suggest for an action of this kind (ENFORCEMENT_DEADLINE_DAYS)."""
    days = settings.ENFORCEMENT_DEADLINE_DAYS.get(kind)
    return issued_on + dt.timedelta(days=days) if days else None


@transaction.atomic
def action_issue(*, by, kind: str, issued_on: dt.date, legal_basis: str = "", deadline: dt.date | None = None,
                 finding=None, lender=None, agency=None, amount_yuan=None, published: bool = False, provisions=None,
                 remedy: str = "") -> EnforcementAction:
    """Issue an action against an entity, from a finding (its inspection's target, provisions and remedy, unless
    given) or directly. Without a deadline, the kind's suggested one applies."""
    if finding is not None:
        target = finding.inspection.target
        lender, agency = (target, None) if finding.inspection.lender_id else (None, target)
        provisions = list(finding.provisions.all()) if provisions is None else provisions
        remedy = remedy or finding.required_remedy
    action = EnforcementAction(lender=lender, agency=agency, finding=finding, kind=kind, legal_basis=legal_basis,
                               issued_on=issued_on, deadline=deadline or suggested_deadline(kind, issued_on),
                               amount_yuan=amount_yuan, responsible=by, published=published, remedy=remedy)
    action.full_clean()
    action.save()
    action.provisions.set(provisions or [])
    return action


@transaction.atomic
def milestone_add(*, action: EnforcementAction, by, what: str, due_on: dt.date, evidence_required: str = "") -> Milestone:
    """A supervisor sets one step of a rectification order, due before the order's own deadline."""
    if not by.is_supervisor:
        raise PermissionDenied(_("Supervisors set milestones."))
    if not action.is_open:
        raise ValidationError(_("This action is no longer open."), code="closed")
    if action.deadline and due_on > action.deadline:
        raise ValidationError(_("A milestone falls due before the action's deadline (%(deadline)s).")
                              % {"deadline": action.deadline}, code="after_deadline")
    return Milestone.objects.create(action=action, what=what, due_on=due_on, evidence_required=evidence_required)


def milestone_submit(*, milestone: Milestone, user, submission: str, evidence=None) -> Milestone:
    """The entity reports a milestone done, with its evidence."""
    with atomic_with_files() as stored:
        milestone = Milestone.objects.select_for_update().select_related("action").get(pk=milestone.pk)
        if user.entity is None or user.entity != milestone.action.target:
            raise PermissionDenied(_("Only the entity under the action submits its milestones."))
        if not milestone.is_open:
            raise ValidationError(_("This milestone is %(state)s.") % {"state": milestone.get_state_display()},
                                  code="wrong_state")
        if not submission.strip():
            raise ValidationError(_("Say what was done."), code="empty")
        if milestone.evidence_required and not evidence:
            raise ValidationError(_("Attach the evidence this milestone requires: %(what)s")
                                  % {"what": milestone.evidence_required}, code="evidence_required")
        milestone.state, milestone.submission = MilestoneState.SUBMITTED, submission
        milestone.evidence = evidence or ""
        milestone.submitted_at, milestone.submitted_by = timezone.now(), user
        milestone.save()
        stored.append(milestone.evidence)
    return milestone


@transaction.atomic
def milestone_decide(*, milestone: Milestone, by, accept: bool, note: str = "") -> Milestone:
    """A supervisor accepts a submitted milestone, or sends it back with reasons (it is open again)."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if not by.is_supervisor:
        raise PermissionDenied(_("Supervisors decide on milestones."))
    if milestone.state != MilestoneState.SUBMITTED:
        raise ValidationError(_("Only a submitted milestone is decided."), code="wrong_state")
    if not accept and not note.strip():
        raise ValidationError(_("Give the reasons for rejecting."), code="no_reasons")
    milestone.state = MilestoneState.ACCEPTED if accept else MilestoneState.REJECTED
    milestone.decision_note, milestone.decided_at, milestone.decided_by = note, timezone.now(), by
    milestone.save()
    return milestone


def action_step(*, action: EnforcementAction, step: str, user, note: str = "", evidence=None) -> EnforcementAction:
    """One step of the rectification: by the entity (plan, done) or the supervisor (accept, reject, verify)."""
    with atomic_with_files() as stored:
        action = EnforcementAction.objects.select_for_update().get(pk=action.pk)
        if step not in ENTITY_STEPS + SUPERVISOR_STEPS:
            raise ValidationError(_("Unknown step: %(action)s.") % {"action": step}, code="unknown_step")
        check_step(action, step, user)  # before anything is written
        if step in ("submit_plan", "report_done"):
            if not note.strip():
                raise ValidationError(_("Describe the plan or the progress."), code="empty")
            stored.append(RectificationUpdate.objects.create(action=action, text=note, evidence=evidence or "",
                                                             submitted_by=user).evidence)
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


def _with_effective_deadline(actions):
    """Each action's effective deadline: its own, or an open milestone's if that falls due first."""
    first_open_milestone = Min("milestones__due_on", filter=Q(milestones__state__in=OPEN_MILESTONE_STATES))
    return actions.annotate(first_milestone=first_open_milestone).annotate(
        effective_deadline=Least(Coalesce("deadline", "first_milestone"), Coalesce("first_milestone", "deadline")))


def enforcement_deadlines(*, today: dt.date | None = None) -> dict[str, int]:
    """Mark open actions past their deadline (or past an open milestone's) overdue, escalate those overdue past
    the grace period, and e-mail the responsible supervisor and the entity once per event."""
    today = today or timezone.localdate()
    done = {"overdue": 0, "escalated": 0}
    past_deadline = _with_effective_deadline(EnforcementAction.objects.filter(state__in=[
        ActionState.ISSUED, ActionState.PLAN_SUBMITTED, ActionState.IN_RECTIFICATION, ActionState.VERIFICATION,
    ])).filter(effective_deadline__lt=today).values_list("pk", flat=True)
    for pk in list(past_deadline):
        with transaction.atomic():
            action = EnforcementAction.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if action is None or not can_proceed(action.mark_overdue):
                continue  # another run has it, or it moved on
            late = action.milestones.filter(state__in=OPEN_MILESTONE_STATES, due_on__lt=today).first()
            missed_first = late and (action.deadline is None or late.due_on <= action.deadline)
            _move(action, "mark_overdue", note=_("Milestone “%(what)s” due %(due)s not met") % {
                "what": late.what, "due": late.due_on} if missed_first
                else _("Deadline %(deadline)s passed") % {"deadline": action.deadline})
            transaction.on_commit(lambda action=action: _notify(action, "overdue"))
            done["overdue"] += 1
    grace = dt.timedelta(days=settings.ENFORCEMENT_GRACE_DAYS)
    for pk in list(_with_effective_deadline(EnforcementAction.objects.filter(state=ActionState.OVERDUE))
                   .filter(effective_deadline__lt=today - grace).values_list("pk", flat=True)):
        with transaction.atomic():
            action = EnforcementAction.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if action is None or not can_proceed(action.escalate):
                continue
            _move(action, "escalate", note=_("Overdue past the grace period"))
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
