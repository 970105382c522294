import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from supervision.accounts.scoping import scoped_queryset
from supervision.core.models import TimeStampedModel
from supervision.core.months import month_start

from .choices import ReportStage, ReportStatus


class Report(TimeStampedModel):
    """One monthly conduct report (accounts.csv + contacts.csv) from one agency, or one lender collecting in-house.

    PostgreSQL holds the record and pointers; the raw files, the Parquet contact logs and the
    rejection report live under DATA_ROOT (paths relative to it).
    """

    lender = models.ForeignKey(
        "entities.Lender", verbose_name=_("lender"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="reports",
    )
    agency = models.ForeignKey(
        "entities.Agency", verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="reports",
    )
    # "agency:<id>" or "lender:<id>": one column that says who reported, for the one-accepted rule.
    submitter_key = models.CharField(max_length=40, editable=False)
    period = models.DateField(_("period"), help_text=_("First day of the reported month."))
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.RECEIVED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    stage = models.CharField(_("stage"), max_length=32, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    accounts_name = models.CharField(max_length=255, blank=True)
    contacts_name = models.CharField(max_length=255, blank=True)
    accounts_sha256 = models.CharField(max_length=64)
    contacts_sha256 = models.CharField(max_length=64)
    accounts_rows = models.PositiveIntegerField(null=True, blank=True)
    contacts_rows = models.PositiveIntegerField(null=True, blank=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors_preview = models.JSONField(default=list, blank=True)
    errors_path = models.CharField(max_length=255, blank=True)
    accounts_parquet = models.CharField(max_length=255, blank=True)
    contacts_parquet = models.CharField(max_length=255, blank=True)
    # Which layout of DOMAIN.md the files follow; set when they are read. Version 1 cannot show the
    # version 2 metrics, so those are "not reported" for it.
    contract_version = models.PositiveSmallIntegerField(_("contract version"), null=True, blank=True)
    # Set when the retention schedule deleted the raw uploads (the accepted Parquet files stay).
    raw_deleted_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_queryset({"lender": "lender_id", "agency": "agency_id"}).as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["period", "status"], name="reporting_report_period_status")]
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_one_submitter",
                condition=Q(lender__isnull=True, agency__isnull=False) | Q(lender__isnull=False, agency__isnull=True),
            ),
            # The pointer that metrics follow: at most one accepted report per submitter and month.
            models.UniqueConstraint(
                fields=["submitter_key", "period"],
                condition=Q(status=ReportStatus.ACCEPTED),
                name="%(app_label)s_%(class)s_one_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submitter.code} {self.period:%Y-%m} #{self.pk}"

    def save(self, *args, **kwargs):
        self.submitter_key = f"lender:{self.lender_id}" if self.lender_id else f"agency:{self.agency_id}"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reporting:report_detail", args=[self.pk])

    @property
    def submitter(self):
        return self.agency or self.lender

    @property
    def period_label(self) -> str:
        return self.period.strftime("%Y-%m")

    @property
    def due_date(self) -> dt.date:
        return report_due_date(self.period)

    @property
    def is_late(self) -> bool:
        return self.created_at.date() > self.due_date

    @property
    def stage_label(self) -> str:
        return str(ReportStage(self.stage).label) if self.stage in ReportStage.values else ""

    @property
    def is_open(self) -> bool:
        return self.status in (ReportStatus.RECEIVED, ReportStatus.VALIDATING)


def report_due_date(period: dt.date) -> dt.date:
    """Reports are due a set number of days after the month ends."""
    return month_start(period, 1) + dt.timedelta(days=settings.REPORT_DUE_DAYS - 1)


class ReportEvent(models.Model):
    """A status change of a report: who, when, from and to."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ReportStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
