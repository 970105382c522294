from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from supervision.accounts.models import Role
from supervision.accounts.scoping import scoped_queryset
from supervision.core.models import TimeStampedModel

from .choices import OPEN_STATES, InspectionState, InspectionStep, InspectionType, Severity, Trigger

S = InspectionState


def is_supervisor(inspection, user) -> bool:
    return user.is_supervisor


def is_lead_or_supervisor(inspection, user) -> bool:
    return user.is_supervisor or (user.role == Role.INSPECTOR and inspection.lead_id == user.pk)


class Inspection(TimeStampedModel):
    """An inspection of a lender or an agency, on site or off site, from a plan, an alert or a decision.

    Its state changes only through the transitions below, each allowed to one kind of person
    (django-fsm-2, protected field), and each leaves an InspectionEvent.
    """

    lender = models.ForeignKey("entities.Lender", verbose_name=_("lender"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="inspections")
    agency = models.ForeignKey("entities.Agency", verbose_name=_("agency"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="inspections")
    agencies_in_scope = models.ManyToManyField("entities.Agency", verbose_name=_("agencies in scope"), blank=True,
                                               related_name="+")
    type = models.CharField(_("type"), max_length=12, choices=InspectionType.choices, default=InspectionType.OFF_SITE)
    trigger = models.CharField(_("trigger"), max_length=16, choices=Trigger.choices, default=Trigger.MANUAL)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("lead inspector"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="led_inspections")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("team"), blank=True, related_name="+")
    scope = models.TextField(_("scope (rules and periods)"), blank=True)
    period_from = models.DateField(_("period from"), null=True, blank=True)
    period_to = models.DateField(_("period to"), null=True, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    # What the inspection looks at, beside the months: metric and category codes (they suggest provisions).
    scope_metrics = models.JSONField(_("metrics in scope"), default=list, blank=True)
    scope_categories = models.JSONField(_("complaint categories in scope"), default=list, blank=True)
    no_findings = models.BooleanField(_("report issued with no findings"), default=False)
    state = FSMField(_("state"), default=S.PROPOSED, choices=InspectionState.choices, protected=True)
    state_changed_at = models.DateTimeField(default=timezone.now)
    reminded_for_state_at = models.DateTimeField(null=True, blank=True)
    alert = models.ForeignKey("metrics.Alert", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    risk_score = models.FloatField(_("risk score when proposed"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["reminded_for_state_at"])

    objects = scoped_queryset({"lender": "lender_id", "agency": "agency_id"}).as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-planned_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_one_target",
                condition=Q(lender__isnull=True, agency__isnull=False) | Q(lender__isnull=False, agency__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {self.target} · {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:detail", args=[self.pk])

    @property
    def target(self):
        return self.lender or self.agency

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def scope_kind(self) -> str:
        """"agency" or "lender": the metric results' scope that describes the inspected entity."""
        return "agency" if self.agency_id else "lender"

    # The workflow. Each method is a transition; the service records who, when, from and to.
    @transition(field=state, source=S.PROPOSED, target=S.PLANNED, permission=is_supervisor)
    def approve(self):
        """A supervisor approves a proposed inspection."""

    @transition(field=state, source=S.PLANNED, target=S.NOTIFIED, permission=is_lead_or_supervisor)
    def notify(self):
        """The entity is told the inspection is coming."""

    @transition(field=state, source=S.NOTIFIED, target=S.FIELDWORK, permission=is_lead_or_supervisor)
    def start_fieldwork(self):
        """The team starts its work."""

    @transition(field=state, source=S.FIELDWORK, target=S.FINDINGS_DRAFTED, permission=is_lead_or_supervisor)
    def draft_findings(self):
        """The lead submits the findings."""

    @transition(field=state, source=S.FINDINGS_DRAFTED, target=S.REPORT_ISSUED, permission=is_supervisor)
    def issue_report(self):
        """A supervisor issues the report to the entity."""

    @transition(field=state, source=S.REPORT_ISSUED, target=S.CLOSED, permission=is_supervisor)
    def close(self):
        """A supervisor closes the inspection."""

    @transition(field=state, source=OPEN_STATES, target=S.CANCELLED, permission=is_supervisor)
    def cancel(self):
        """A supervisor cancels an open inspection."""


TRANSITIONS = InspectionStep.values


class InspectionEvent(models.Model):
    """A state change of an inspection: who, when, from and to."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=InspectionState.choices)
    to_state = models.CharField(max_length=20, choices=InspectionState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]


class Finding(TimeStampedModel):
    """Provisions an inspection found breached, how badly, on what evidence (complaints, metric values and
    documents of the inspected entity, picked, not typed), and what must be done."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    provisions = models.ManyToManyField("provisions.Provision", verbose_name=_("provisions breached"),
                                        related_name="findings")
    rule = models.CharField(_("in a few words"), max_length=200, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("what was found"))
    required_remedy = models.TextField(_("required remedy"))
    complaints = models.ManyToManyField("complaints.Complaint", verbose_name=_("complaints"), blank=True,
                                        related_name="+")
    metric_results = models.ManyToManyField("metrics.MetricResult", verbose_name=_("metric values"), blank=True,
                                            related_name="+")
    evidence_items = models.ManyToManyField("inspections.Evidence", verbose_name=_("evidence"), blank=True,
                                            related_name="findings")
    answer = models.TextField(_("the entity's answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]


def evidence_path(evidence: "Evidence", filename: str) -> str:
    import secrets

    return f"inspections/{evidence.inspection_id}/{secrets.token_hex(8)}"


class Evidence(models.Model):
    """A document or recording attached by the team, with what it shows."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    description = models.CharField(_("description"), max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
