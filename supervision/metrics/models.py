
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from supervision.accounts.scoping import scoped_queryset


class Scope(models.TextChoices):
    PAIR = "pair", _("Agency × lender")
    AGENCY = "agency", _("Agency")
    LENDER = "lender", _("Lender")


class MetricResult(models.Model):
    """One metric's value for one collector × lender (or one agency, or one lender) and month,
    under one rule profile version. Recomputing replaces the rows; it never adds to them."""

    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices)
    # "pair:<collector>:<lender>", "agency:<code>" or "lender:<code>": one key for the uniqueness rule.
    entity_key = models.CharField(max_length=80)
    collector_code = models.CharField(_("collector"), max_length=32, blank=True)
    agency = models.ForeignKey("entities.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    lender = models.ForeignKey("entities.Lender", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    period = models.DateField(_("period"))
    metric = models.CharField(_("metric"), max_length=40)
    # Null: not reported (a version 2 metric of a version 1 report, or a rule the profile does not set), never 0.
    value = models.FloatField(_("value"), null=True, blank=True)
    numerator = models.BigIntegerField(_("numerator"), null=True, blank=True)
    denominator = models.BigIntegerField(_("denominator"), null=True, blank=True)
    profile = models.ForeignKey("rules.RuleProfile", on_delete=models.PROTECT, related_name="+")
    computed_at = models.DateTimeField(_("computed"))

    objects = scoped_queryset({"lender": "lender_id", "agency": "agency_id"}).as_manager()

    class Meta:
        verbose_name = _("metric result")
        verbose_name_plural = _("metric results")
        constraints = [
            models.UniqueConstraint(fields=["entity_key", "period", "metric", "profile"],
                                    name="%(app_label)s_%(class)s_once"),
        ]
        indexes = [
            models.Index(fields=["period", "metric", "scope"], name="metrics_result_period_metric"),
            models.Index(fields=["agency", "period"], name="metrics_result_agency"),
            models.Index(fields=["lender", "period"], name="metrics_result_lender"),
        ]


class RiskScore(models.Model):
    """An agency's or a lender's risk score for a month, and what made it."""

    scope = models.CharField(max_length=8, choices=Scope.choices)
    entity_key = models.CharField(max_length=80)
    agency = models.ForeignKey("entities.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    lender = models.ForeignKey("entities.Lender", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    period = models.DateField()
    score = models.FloatField(_("risk score"))
    components = models.JSONField(default=dict)
    profile = models.ForeignKey("rules.RuleProfile", on_delete=models.PROTECT, related_name="+")
    computed_at = models.DateTimeField()

    objects = scoped_queryset({"lender": "lender_id", "agency": "agency_id"}).as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entity_key", "period", "profile"], name="metrics_risk_once")]
        indexes = [models.Index(fields=["period", "score"], name="metrics_risk_period_score")]


class AlertKind(models.TextChoices):
    SCORE = "score", _("Risk score over its threshold")
    METRIC = "metric", _("Metric over its threshold")
    SURGE = "surge", _("Surge against the 6-month average")


class AlertState(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    DISMISSED = "dismissed", _("Dismissed")
    INSPECTION_PROPOSED = "inspection_proposed", _("Inspection proposed")


OPEN_ALERT_STATES = (AlertState.NEW, AlertState.ACKNOWLEDGED)


class Alert(models.Model):
    """Something a supervisor should look at: feeds inspections. Raised once per entity, month, kind and metric;
    triaged from new to acknowledged, then dismissed with a reason or turned into a proposed inspection."""

    scope = models.CharField(max_length=8, choices=Scope.choices)
    entity_key = models.CharField(max_length=80)
    agency = models.ForeignKey("entities.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    lender = models.ForeignKey("entities.Lender", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    period = models.DateField(_("period"))
    kind = models.CharField(_("kind"), max_length=8, choices=AlertKind.choices)
    metric = models.CharField(_("metric"), max_length=40)
    value = models.FloatField(_("value"))
    threshold = models.FloatField(_("threshold"))
    baseline = models.FloatField(_("6-month average"), null=True, blank=True)
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=20, choices=AlertState.choices, default=AlertState.NEW)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    dismissed_reason = models.CharField(_("reason for dismissing"), max_length=500, blank=True)

    objects = scoped_queryset({"lender": "lender_id", "agency": "agency_id"}).as_manager()

    class Meta:
        ordering = ["-period", "-value"]
        constraints = [
            models.UniqueConstraint(fields=["entity_key", "period", "kind", "metric"], name="metrics_alert_once"),
            models.CheckConstraint(condition=~Q(state="dismissed") | ~Q(dismissed_reason=""),
                                   name="%(app_label)s_%(class)s_dismissed_with_reason"),
        ]
        indexes = [models.Index(fields=["state", "period"], name="metrics_alert_state")]

    @property
    def entity(self):
        return self.agency or self.lender

    @property
    def severity(self) -> float:
        """How far past its threshold: 2.0 is twice the threshold (what the triage list sorts by)."""
        return self.value / self.threshold if self.threshold else self.value


class AlertEvent(models.Model):
    """A triage step on an alert: who, when, from and to which state, and any note."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=AlertState.choices)
    to_state = models.CharField(max_length=20, choices=AlertState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "pk"]


class ContactHourCount(models.Model):
    """Contacts reported per collector, lender, weekday and local hour of a month: stored when the collector's
    report is accepted, replacing its previous report's."""

    period = models.DateField()
    collector_code = models.CharField(max_length=32)
    agency = models.ForeignKey("entities.Agency", null=True, on_delete=models.CASCADE, related_name="+")
    lender = models.ForeignKey("entities.Lender", null=True, on_delete=models.CASCADE, related_name="+")
    weekday = models.PositiveSmallIntegerField()  # ISO: 1 Monday … 7 Sunday
    hour = models.PositiveSmallIntegerField()
    contacts = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["period", "collector_code"], name="metrics_chc_period")]


class StaleComplaintMonth(models.Model):
    """A month whose complaint metrics a complaint change has made stale, until the debounced refresh runs."""

    period = models.DateField(unique=True)
    marked_at = models.DateTimeField(auto_now=True)
