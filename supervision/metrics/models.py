import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from supervision.accounts.scoping import scoped_queryset
from supervision.core.models import TimeStampedModel


def default_risk_weights() -> dict:
    # Points per unit: rates are per 1,000 contacts, so 100 night contacts per 1,000 weigh 10 points.
    return {
        "quiet_hours_contacts": 0.1, "daily_attempt_breaches": 0.5, "daily_connected_breaches": 0.5,
        "seven_day_breaches": 0.5, "third_party_contacts": 0.05, "blasting_debtors": 5.0, "deferral_contacts": 0.3,
        "post_settlement_contacts": 0.5, "unmandated_contacts": 0.2, "complaints_per_10k_accounts": 0.2,
        "late_response_share": 20.0,
    }


def default_metric_alert_rates() -> dict:
    return {"quiet_hours_contacts": 20.0, "blasting_debtors": 1.0, "unmandated_contacts": 5.0,
            "post_settlement_contacts": 5.0, "deferral_contacts": 10.0}


class RuleProfile(TimeStampedModel):
    """A versioned set of the conduct rules' numbers (DOMAIN.md): every number a policy choice, none in code.

    A profile is never edited in place once used: a change is a new version, so every metric and
    every response deadline can say which version it was measured against.
    """

    name = models.CharField(_("name"), max_length=64, help_text=_("For example CN or US Regulation F."))
    version = models.PositiveIntegerField(_("version"), default=1)
    is_default = models.BooleanField(_("default profile"), default=False)
    permitted_from = models.TimeField(_("contacts permitted from"), default=dt.time(8, 0))
    permitted_until = models.TimeField(_("contacts permitted until"), default=dt.time(22, 0))
    combined_daily_connected_limit = models.PositiveSmallIntegerField(
        _("connected calls per debtor per day, all collectors of a lender"), null=True, blank=True,
        help_text=_("Empty: no such limit."),
    )
    collector_daily_attempt_limit = models.PositiveSmallIntegerField(
        _("call attempts per debtor per day by one collector"), null=True, blank=True,
        help_text=_("Empty: no such limit."),
    )
    seven_day_attempt_limit = models.PositiveSmallIntegerField(
        _("call attempts per debtor in any 7 consecutive days"), null=True, blank=True
    )
    blasting_threshold = models.PositiveSmallIntegerField(
        _("distinct third parties per debtor per month flagged as contact-list blasting"), default=5,
        validators=[MinValueValidator(1)],
    )
    response_window_days = models.PositiveSmallIntegerField(
        _("days for an entity to answer a forwarded complaint"), default=15, validators=[MaxValueValidator(365)]
    )
    basis = models.TextField(_("legal basis"), blank=True)
    # Risk: score = Σ weight × (metric per 1,000 contacts), plus complaints per 10,000 accounts and the share
    # of complaints answered late, each with its weight; capped at 100.
    risk_weights = models.JSONField(_("risk weights"), default=default_risk_weights)
    risk_alert_score = models.FloatField(_("alert when the risk score reaches"), default=60)
    metric_alert_rates = models.JSONField(_("alert when a metric per 1,000 contacts reaches"),
                                          default=default_metric_alert_rates)
    surge_factor = models.FloatField(_("alert when a month exceeds its 6-month average by this factor"), default=2.0)
    surge_minimum = models.PositiveIntegerField(_("and holds at least this many"), default=10)

    class Meta:
        verbose_name = _("rule profile")
        verbose_name_plural = _("rule profiles")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="%(app_label)s_%(class)s_unique_version"),
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="%(app_label)s_%(class)s_one_default"
            ),
            models.CheckConstraint(
                condition=Q(permitted_until__gt=F("permitted_from")), name="%(app_label)s_%(class)s_hours_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


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
    value = models.FloatField(_("value"))
    numerator = models.BigIntegerField(_("numerator"))
    denominator = models.BigIntegerField(_("denominator"), null=True, blank=True)
    profile = models.ForeignKey(RuleProfile, on_delete=models.PROTECT, related_name="+")
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
    profile = models.ForeignKey(RuleProfile, on_delete=models.PROTECT, related_name="+")
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
    """Contacts reported per collector, lender, weekday and local hour of a month (from the metrics job)."""

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


def default_profile() -> RuleProfile:
    """The profile in force unless a supervisor picks another (CN as shipped, recreated if none is left)."""
    profile = RuleProfile.objects.filter(is_default=True).first() or RuleProfile.objects.order_by("pk").first()
    if profile is None:
        from .shipped import PROFILES

        for fields in PROFILES:
            RuleProfile.objects.get_or_create(name=fields["name"], version=fields["version"], defaults=fields)
        profile = RuleProfile.objects.get(is_default=True)
    return profile
