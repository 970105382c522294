"""What running the product needs of its own: the beat's heartbeat, legal holds and the retention job's runs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a scheduled job ran; readiness says the scheduler is dead when it is too old."""

    name = models.CharField(max_length=40, primary_key=True)
    at = models.DateTimeField()


class HoldKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    LENDER = "lender", _("Lender")
    AGENCY = "agency", _("Agency")
    INSPECTION = "inspection", _("Inspection")
    ACTION = "action", _("Enforcement action")


class LegalHoldQuerySet(models.QuerySet):
    def active(self):
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """While active, nothing the retention schedule would delete or anonymise that touches its subject is touched:
    a complaint; everything of a lender or an agency; what an inspection or an enforcement action is about."""

    kind = models.CharField(_("kind"), max_length=12, choices=HoldKind.choices)
    complaint = models.ForeignKey("complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    lender = models.ForeignKey("entities.Lender", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("entities.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    inspection = models.ForeignKey("inspections.Inspection", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    action = models.ForeignKey("enforcement.EnforcementAction", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(_("set"), auto_now_add=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lift_reason = models.CharField(_("reason for lifting"), max_length=500, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-set_at"]
        constraints = [
            models.CheckConstraint(name="operations_hold_one_subject", condition=(
                Q(kind="complaint", complaint__isnull=False, lender__isnull=True, agency__isnull=True,
                  inspection__isnull=True, action__isnull=True)
                | Q(kind="lender", lender__isnull=False, complaint__isnull=True, agency__isnull=True,
                    inspection__isnull=True, action__isnull=True)
                | Q(kind="agency", agency__isnull=False, complaint__isnull=True, lender__isnull=True,
                    inspection__isnull=True, action__isnull=True)
                | Q(kind="inspection", inspection__isnull=False, complaint__isnull=True, lender__isnull=True,
                    agency__isnull=True, action__isnull=True)
                | Q(kind="action", action__isnull=False, complaint__isnull=True, lender__isnull=True,
                    agency__isnull=True, inspection__isnull=True))),
            models.CheckConstraint(name="operations_hold_lifted_with_reason",
                                   condition=Q(lifted_at__isnull=True) | ~Q(lift_reason="")),
        ]

    @property
    def subject(self):
        return getattr(self, self.kind)


class RetentionRun(models.Model):
    """One run of the retention schedule: what it anonymised or deleted, and what holds and open cases kept."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at"]
