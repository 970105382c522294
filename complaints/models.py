import hashlib
import math
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from supervision.accounts.scoping import scoped_queryset
from supervision.core.models import TimeStampedModel

from .choices import (
    Category,
    Channel,
    CollectorKind,
    ComplainantRole,
    ComplaintStatus,
    Outcome,
    PublicStatement,
    Resolution,
    ResponseType,
    Source,
)


def new_tracking_token() -> str:
    return secrets.token_urlsafe(24)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Complaint(TimeStampedModel):
    """A complaint about debt-collection conduct, from the public or imported from elsewhere.

    The complainant's contact details are personal data: shown masked by default, to the entity
    only with consent, and every unmasked view is logged (PersonalDataAccess).
    """

    receipt_no = models.CharField(_("receipt number"), max_length=24, unique=True)
    # Only a digest: the tracking link itself is known to the complainant alone.
    tracking_digest = models.CharField(max_length=64, editable=False)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.WEB)
    external_id = models.CharField(_("external id"), max_length=64, blank=True)
    received_at = models.DateTimeField(_("received"))
    complainant_role = models.CharField(_("complainant"), max_length=16, choices=ComplainantRole.choices)
    lender = models.ForeignKey(
        "entities.Lender", verbose_name=_("lender"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints",
    )
    lender_name = models.CharField(_("lender as named by the complainant"), max_length=200, blank=True)
    collector_kind = models.CharField(
        _("who collected"), max_length=8, choices=CollectorKind.choices, default=CollectorKind.UNKNOWN
    )
    agency = models.ForeignKey(
        "entities.Agency", verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints",
    )
    collector_name = models.CharField(_("collector as named by the complainant"), max_length=200, blank=True)
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, blank=True)
    narrative = models.TextField(_("what happened"), max_length=5000, blank=True)
    narrative_fingerprint = models.CharField(max_length=40, blank=True, db_index=True, editable=False)
    suggested_categories = models.JSONField(_("suggested categories"), default=list, blank=True)
    region = models.CharField(
        _("province or region"), max_length=8, blank=True, help_text=_("A province code, or US-XX for CFPB imports.")
    )
    complainant_name = models.CharField(_("name"), max_length=100, blank=True)
    complainant_phone = models.CharField(_("phone"), max_length=32, blank=True, db_index=True)
    complainant_email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    consent_to_share = models.BooleanField(_("consent to share the narrative with the entity"), default=False)
    # A separate consent: the narrative, scrubbed, in the public database.
    consent_to_publish = models.BooleanField(_("consent to publish the narrative"), default=False)
    narrative_withheld = models.BooleanField(_("narrative withheld from publication"), default=False)
    narrative_withheld_reason = models.CharField(_("why the narrative is withheld"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    rule_profile = models.ForeignKey(
        "rules.RuleProfile", verbose_name=_("rule profile"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    response_due = models.DateTimeField(_("response due"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    response_explanation = models.TextField(_("explanation"), blank=True)
    response_remedy = models.TextField(_("remedy"), blank=True)
    response_resolution = models.CharField(_("resolution"), max_length=10, choices=Resolution.choices, blank=True)
    response_type = models.CharField(_("response type"), max_length=24, choices=ResponseType.choices, blank=True)
    public_statement = models.CharField(_("public statement"), max_length=24, choices=PublicStatement.choices,
                                        blank=True)
    # Regulator staff working the complaint: never shown to the entity.
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    jrt_codes = models.CharField(_("JR/T 0169-2018 codes"), max_length=64, blank=True)
    # Set when the retention schedule removed the complainant's details (and an unpublished narrative).
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    source_detail = models.JSONField(default=dict, blank=True)

    objects = scoped_queryset({"lender": "lender_id", "agency": "agency_id"}).as_manager()
    history = HistoricalRecords(excluded_fields=["tracking_digest"])

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["received_at"], name="complaints_received"),
            models.Index(fields=["lender", "received_at"], name="complaints_lender_received"),
            models.Index(fields=["agency", "received_at"], name="complaints_agency_received"),
            models.Index(fields=["status", "received_at"], name="complaints_status_received"),
            models.Index(fields=["region", "received_at"], name="complaints_region_received"),
            # The queue's keyset orders: (sort column, id), so any page is an index range scan.
            models.Index(fields=["received_at", "id"], name="complaints_queue_received"),
            models.Index(fields=["response_due", "id"], name="complaints_queue_due",
                         condition=Q(response_due__isnull=False)),
            models.Index(fields=["assignee", "received_at", "id"], name="complaints_queue_assignee"),
            # The queue's common pairing: one entity's complaints in one status (counted for the page header).
            models.Index(fields=["lender", "status"], name="complaints_queue_lender_status"),
            models.Index(fields=["agency", "status"], name="complaints_queue_agency_status"),
        ]
        constraints = [
            # Re-importing the same file adds nothing.
            models.UniqueConstraint(
                fields=["source", "external_id"], condition=~Q(external_id=""),
                name="%(app_label)s_%(class)s_unique_external",
            ),
            models.CheckConstraint(
                condition=Q(status=ComplaintStatus.CLOSED) | Q(outcome=""),
                name="%(app_label)s_%(class)s_outcome_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_no

    def get_absolute_url(self) -> str:
        return reverse("complaints:complaint_detail", args=[self.pk])

    @property
    def days_overdue(self) -> int | None:
        """Days (begun) past the response deadline of a forwarded complaint not yet answered, else None."""
        if self.status != ComplaintStatus.FORWARDED or not self.response_due or self.responded_at:
            return None
        late = (timezone.now() - self.response_due).total_seconds()
        return math.ceil(late / 86400) if late > 0 else None

    @property
    def responded_in_time(self) -> bool | None:
        if not self.response_due:
            return None
        if self.responded_at:
            return self.responded_at <= self.response_due
        return None


class ComplaintCategory(models.Model):
    """A conduct category of a complaint (several per complaint), so the database can count by category."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="category_rows")
    code = models.CharField(max_length=32, choices=Category.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["complaint", "code"], name="complaints_category_once")]
        indexes = [models.Index(fields=["code", "complaint"], name="complaints_category_code")]


class ComplaintEvent(models.Model):
    """A status change of a complaint (who, when, from and to), or a step of the regulator's own work on it
    (assignment, a note): those are `internal` and never shown to the entity."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=ComplaintStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ComplaintStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=500, blank=True)
    internal = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Response due in two days")
    OVERDUE = "overdue", _("Response overdue")


class ComplaintReminder(models.Model):
    """A reminder e-mailed to the entity about a complaint's response: each kind once per complaint."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["complaint", "kind"], name="complaints_reminder_once")]


def evidence_path(evidence: "Evidence", filename: str) -> str:
    return f"evidence/{evidence.complaint.receipt_no}/{secrets.token_hex(8)}{evidence.extension}"


class Evidence(models.Model):
    """A file a complainant attached; its type was checked by content, and its name is not trusted."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    content_type = models.CharField(max_length=64)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)


class PersonalDataAccess(models.Model):
    """Who saw a complainant's unmasked personal data, and when: reviewed by supervisors."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="accesses")
    at = models.DateTimeField(auto_now_add=True)
    purpose = models.CharField(max_length=64)

    class Meta:
        ordering = ["-at"]
