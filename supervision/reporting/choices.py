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


class ReportStage(models.TextChoices):
    """What an open report is doing now, as its progress bar says it (the ingest reports its own three stages)."""

    QUEUED = "queued", _("waiting for a worker")
    REQUEUED = "requeued", _("queued again")
    UNQUEUED = "unqueued", _("waiting for the task queue")  # the broker could not take its validation
    READING = "reading", _("reading the files")
    VALIDATING = "validating", _("checking every row")
    WRITING = "writing", _("writing the accepted files")
    STORE_UNAVAILABLE = "store_unavailable", _("waiting for the data store")  # it could not take or give its files
