from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    VALIDATING = "validating", _("Validating")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Superseded")


# Statuses a report can still leave by being processed.
OPEN_STATUSES = (ReportStatus.RECEIVED, ReportStatus.VALIDATING)


# What an open report is doing now, as its progress bar says it.
STAGE_LABELS = {
    "queued": _("waiting for a worker"),
    "requeued": _("queued again"),
    "unqueued": _("waiting for the task queue"),
    "reading": _("reading the files"),
    "validating": _("checking every row"),
    "writing": _("writing the accepted files"),
    "store_unavailable": _("waiting for the data store"),
}
