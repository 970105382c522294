from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PLANNED = "planned", _("Planned")
    NOTIFIED = "notified", _("Notified")
    FIELDWORK = "fieldwork", _("Fieldwork")
    FINDINGS_DRAFTED = "findings_drafted", _("Findings drafted")
    REPORT_ISSUED = "report_issued", _("Report issued")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATES = [InspectionState.PROPOSED, InspectionState.PLANNED, InspectionState.NOTIFIED, InspectionState.FIELDWORK,
               InspectionState.FINDINGS_DRAFTED, InspectionState.REPORT_ISSUED]
# What the inspected entity sees: from the notification on.
ENTITY_VISIBLE_STATES = [InspectionState.NOTIFIED, InspectionState.FIELDWORK, InspectionState.FINDINGS_DRAFTED,
                         InspectionState.REPORT_ISSUED, InspectionState.CLOSED]


class InspectionType(models.TextChoices):
    OFF_SITE = "off_site", _("Off-site review")
    ON_SITE = "on_site", _("On-site")
    THEMATIC = "thematic", _("Thematic")


class Trigger(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    ALERT = "alert", _("Alert")
    COMPLAINT_SURGE = "complaint_surge", _("Complaint surge")
    MANUAL = "manual", _("Manual")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class InspectionStep(models.TextChoices):
    """The workflow's transitions, as the buttons name them."""

    APPROVE = "approve", _("Approve")
    NOTIFY = "notify", _("Notify the entity")
    START_FIELDWORK = "start_fieldwork", _("Start fieldwork")
    DRAFT_FINDINGS = "draft_findings", _("Draft findings")
    ISSUE_REPORT = "issue_report", _("Issue the report")
    CLOSE = "close", _("Close")
    CANCEL = "cancel", _("Cancel")
