from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from supervision.core.models import TimeStampedModel


class Provision(TimeStampedModel):
    """A provision of a law, regulation or standard the product enforces, in both languages.

    Loaded from the versioned data file that ships (data/provisions.json), editable by supervisors.
    """

    code = models.SlugField(_("code"), max_length=48, unique=True)
    source = models.CharField(_("source document"), max_length=200)
    clause = models.CharField(_("clause"), max_length=120)
    title_zh = models.CharField(_("short title (Chinese)"), max_length=200)
    title_en = models.CharField(_("short title (English)"), max_length=200)
    excerpt_zh = models.TextField(_("text excerpt (Chinese)"), blank=True)
    excerpt_en = models.TextField(_("text excerpt (English)"), blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        ordering = ["source", "clause"]
        constraints = [
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_from__isnull=True)
                                   | Q(effective_to__gte=models.F("effective_from")),
                                   name="%(app_label)s_%(class)s_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.clause} · {self.title}"

    @property
    def title(self) -> str:
        return self.title_zh if (get_language() or "").startswith("zh") else self.title_en

    @property
    def excerpt(self) -> str:
        return self.excerpt_zh if (get_language() or "").startswith("zh") else self.excerpt_en

    @property
    def citation(self) -> str:
        return f"{self.source} {self.clause}"


class SubjectKind(models.TextChoices):
    CATEGORY = "category", _("Conduct category")
    METRIC = "metric", _("Metric")


class ProvisionMapping(models.Model):
    """Under one rule profile, a conduct category or a metric breaches this provision."""

    profile = models.ForeignKey("rules.RuleProfile", on_delete=models.CASCADE, related_name="provision_mappings")
    subject_kind = models.CharField(max_length=8, choices=SubjectKind.choices)
    subject = models.CharField(max_length=40)
    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="mappings")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "subject_kind", "subject", "provision"],
                                               name="provisions_mapping_once")]
