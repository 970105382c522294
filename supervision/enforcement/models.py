from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from supervision.accounts.scoping import scoped_queryset
from supervision.core.models import TimeStampedModel

from .choices import OPEN_ACTION_STATES, OPEN_MILESTONE_STATES, ActionKind, ActionState, ActionStep, MilestoneState

A = ActionState


def is_supervisor(action, user) -> bool:
    return user.is_supervisor


def is_the_entity(action, user) -> bool:
    return user.entity is not None and user.entity == action.target


def is_system(action, user) -> bool:
    """The daily deadline job acts without a user; supervisors may too."""
    return user is None or user.is_supervisor


class EnforcementAction(TimeStampedModel):
    """What the regulator decided after findings (or directly), and whether the entity complies."""

    lender = models.ForeignKey("entities.Lender", null=True, blank=True, on_delete=models.PROTECT, related_name="actions",
                               verbose_name=_("lender"))
    agency = models.ForeignKey("entities.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="actions",
                               verbose_name=_("agency"))
    finding = models.ForeignKey("inspections.Finding", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="actions", verbose_name=_("finding"))
    kind = models.CharField(_("kind"), max_length=24, choices=ActionKind.choices)
    provisions = models.ManyToManyField("provisions.Provision", verbose_name=_("provisions"), blank=True,
                                        related_name="actions")
    legal_basis = models.TextField(_("legal basis, in words"), blank=True)
    remedy = models.TextField(_("what must be done"), blank=True)
    amount_yuan = models.DecimalField(_("fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    issued_on = models.DateField(_("issued on"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    state = FSMField(_("state"), default=A.ISSUED, choices=ActionState.choices)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("responsible supervisor"))
    escalated_from = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="escalated_to", verbose_name=_("escalated from"))
    published = models.BooleanField(_("published"), default=False)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = scoped_queryset({"lender": "lender_id", "agency": "agency_id"}).as_manager()

    class Meta:
        verbose_name = _("enforcement action")
        verbose_name_plural = _("enforcement actions")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="%(app_label)s_%(class)s_one_target",
                                   condition=Q(lender__isnull=True, agency__isnull=False)
                                   | Q(lender__isnull=False, agency__isnull=True)),
            models.CheckConstraint(name="%(app_label)s_%(class)s_fine_amount",
                                   condition=~Q(kind=ActionKind.FINE) | Q(amount_yuan__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.target}"

    def get_absolute_url(self) -> str:
        return reverse("enforcement:detail", args=[self.pk])

    @property
    def target(self):
        return self.lender or self.agency

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_ACTION_STATES

    @transition(field=state, source=A.ISSUED, target=A.PLAN_SUBMITTED, permission=is_the_entity)
    def submit_plan(self):
        """The entity submits its rectification plan."""

    @transition(field=state, source=A.PLAN_SUBMITTED, target=A.IN_RECTIFICATION, permission=is_supervisor)
    def accept_plan(self):
        """The supervisor accepts the plan."""

    @transition(field=state, source=A.PLAN_SUBMITTED, target=A.ISSUED, permission=is_supervisor)
    def reject_plan(self):
        """The supervisor rejects the plan, with reasons; the entity submits again."""

    @transition(field=state, source=A.IN_RECTIFICATION, target=A.VERIFICATION, permission=is_the_entity)
    def report_done(self):
        """The entity reports the rectification done."""

    @transition(field=state, source=A.VERIFICATION, target=A.CLOSED, permission=is_supervisor)
    def verify(self):
        """The supervisor verifies completion and closes the action."""

    @transition(field=state, source=A.VERIFICATION, target=A.IN_RECTIFICATION, permission=is_supervisor)
    def reject_completion(self):
        """The supervisor finds the rectification incomplete."""

    @transition(field=state, source=OPEN_ACTION_STATES, target=A.OVERDUE, permission=is_system)
    def mark_overdue(self):
        """The deadline passed with the action still open."""

    @transition(field=state, source=A.OVERDUE, target=A.ESCALATED, permission=is_system)
    def escalate(self):
        """A stronger action follows (created by the service, linked to this one)."""


ENTITY_STEPS = [ActionStep.SUBMIT_PLAN, ActionStep.REPORT_DONE]
SUPERVISOR_STEPS = [ActionStep.ACCEPT_PLAN, ActionStep.REJECT_PLAN, ActionStep.VERIFY, ActionStep.REJECT_COMPLETION]


class RectificationUpdate(models.Model):
    """A plan or a progress report from the entity, with evidence, and the supervisor's decision on it."""

    action = models.ForeignKey(EnforcementAction, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("plan or progress"))
    evidence = models.FileField(_("evidence"), upload_to="rectification/", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    decision_note = models.TextField(_("supervisor's reasons"), blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]


class Milestone(models.Model):
    """One step of a rectification order: what, by when, with what evidence; the entity submits it, a
    supervisor accepts it or sends it back. An open milestone past its date makes the whole action overdue."""

    action = models.ForeignKey(EnforcementAction, on_delete=models.CASCADE, related_name="milestones")
    what = models.CharField(_("what"), max_length=300)
    due_on = models.DateField(_("due on"))
    evidence_required = models.CharField(_("evidence required"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=MilestoneState.choices, default=MilestoneState.PENDING)
    submission = models.TextField(_("what was done"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="milestones/", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    decision_note = models.CharField(_("supervisor's reasons"), max_length=1000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.what} ({self.due_on:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_MILESTONE_STATES


class ActionEvent(models.Model):
    """A state change of an action: who (or the daily job), when, from and to."""

    action = models.ForeignKey(EnforcementAction, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=ActionState.choices)
    to_state = models.CharField(max_length=20, choices=ActionState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
