"""Rule profiles: the conduct rules' numbers, versioned; read by metrics, complaints and the categoriser alike."""

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from supervision.core.models import TimeStampedModel


def default_risk_weights() -> dict:
    # Points per unit: rates are per 1,000 contacts, so 100 night contacts per 1,000 weigh 10 points.
    return {
        "quiet_hours_contacts": 0.1, "daily_attempt_breaches": 0.5, "daily_connected_breaches": 0.5,
        "seven_day_breaches": 0.5, "third_party_contacts": 0.05, "blasting_debtors": 5.0, "deferral_contacts": 0.3,
        "post_settlement_contacts": 0.5, "unmandated_contacts": 0.2, "complaints_per_10k_accounts": 0.2,
        "late_response_share": 20.0, **VERSION_2_RISK_WEIGHTS,
    }


# The contract version 2 metrics' weights, per 1,000 contacts (a migration adds them to existing profiles).
VERSION_2_RISK_WEIGHTS = {
    "unrecorded_conversations": 0.2, "unregistered_third_party_contacts": 0.3, "third_party_while_reachable": 0.3,
    "contacts_after_stop_request": 0.5, "post_conversation_calls": 0.2,
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
    # Version 2 rules (DOMAIN.md): each needs a contract version 2 report; off or empty leaves its metric not reported.
    recording_required = models.BooleanField(_("conversations (connected calls and visits) must be recorded"),
                                             default=False)
    registered_third_parties_only = models.BooleanField(
        _("third parties only through contacts the borrower registered"), default=False)
    reachable_window_days = models.PositiveSmallIntegerField(
        _("no third party contacted within this many days of reaching the debtor"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("The contact's own day counts as the first. Empty: no such rule."),
    )
    stop_requests_counted = models.BooleanField(_("contacts after a written stop request or dispute are counted"),
                                                default=False)
    post_conversation_cooldown_days = models.PositiveSmallIntegerField(
        _("no call to a debtor within this many days of a telephone conversation"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("The conversation's day counts as the first. Empty: no such rule."),
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


def profile_by_name(name: str) -> RuleProfile | None:
    """The newest version of the profile with this name (CN, US Regulation F …), or None."""
    return RuleProfile.objects.filter(name=name).order_by("-version").first()


def default_profile() -> RuleProfile:
    """The profile in force unless a supervisor picks another (CN as shipped, recreated if none is left)."""
    profile = RuleProfile.objects.filter(is_default=True).first() or RuleProfile.objects.order_by("pk").first()
    if profile is None:
        from .shipped import PROFILES

        for fields in PROFILES:
            RuleProfile.objects.get_or_create(name=fields["name"], version=fields["version"], defaults=fields)
        profile = RuleProfile.objects.get(is_default=True)
    return profile
