from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.choices import Category, Channel, PublicStatement, ResponseType


class PublishedComplaint(models.Model):
    """A complaint as the public database shows it: only the fields the publication rule publishes, copied
    here by the publication job. Public pages and the public API read this table and nothing else, so no
    other field of a complaint can reach them."""

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.CASCADE, related_name="publication")
    received_on = models.DateField(_("date received"))
    province = models.CharField(_("province"), max_length=8, blank=True)
    lender = models.ForeignKey("entities.Lender", null=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("entities.Agency", null=True, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, blank=True)
    response = models.CharField(_("response"), max_length=24, choices=ResponseType.choices)
    public_statement = models.CharField(_("public statement"), max_length=24, choices=PublicStatement.choices,
                                        blank=True)
    timely = models.BooleanField(_("answered in time"), null=True)
    narrative = models.TextField(_("narrative"), blank=True)  # scrubbed; empty unless consented and past the delay
    search_tokens = models.TextField(blank=True)  # the narrative as search words (Chinese in overlapping pairs)
    published_at = models.DateTimeField(_("published"))

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["received_on", "id"], name="public_received"),
            models.Index(fields=["lender", "received_on"], name="public_lender"),
            models.Index(fields=["agency", "received_on"], name="public_agency"),
            models.Index(fields=["province", "received_on"], name="public_province"),
        ]


class PublishedCategory(models.Model):
    """A category of a published complaint, one row each, so the database counts facets."""

    published = models.ForeignKey(PublishedComplaint, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(max_length=32, choices=Category.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["published", "code"], name="public_category_once")]
        indexes = [models.Index(fields=["code", "published"], name="public_category_code")]


class PublicationRun(models.Model):
    """One run of the publication job: when, and what it published, updated and withdrew."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    published = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
