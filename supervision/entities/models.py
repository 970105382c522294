from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervision.accounts.scoping import scoped_queryset
from supervision.core.credit_code import validate_credit_code
from supervision.core.models import TimeStampedModel
from supervision.core.provinces import Province

from .choices import AgencyStatus, LenderType

MANDATE_DATES_REVERSED = _("A mandate cannot end before it starts.")

validate_entity_code = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$",
    _("A code has 2 to 32 letters, digits, “-” or “_”, starting with a letter or digit."),
    code="entity_code",
)


class SupervisedEntity(TimeStampedModel):
    """What lenders and agencies share: identity in the register."""

    code = models.CharField(
        _("code"), max_length=32, unique=True, validators=[validate_entity_code],
        help_text=_("Stable short code used in files and URLs."),
    )
    name = models.CharField(_("name"), max_length=200)
    # Empty only for firms outside China's register, created by complaint imports (CFPB companies).
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, null=True, blank=True,
        validators=[validate_credit_code],
    )
    licence_no = models.CharField(_("licence number"), max_length=64, blank=True)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    requires_two_factor = models.BooleanField(
        _("users must give a second factor"), default=False, db_default=False,
        help_text=_("Set by regulator staff: the entity's users then log in with an authenticator code too."))

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.credit_code = (self.credit_code or "").strip().upper() or None
        super().save(*args, **kwargs)


class Lender(SupervisedEntity):
    """A lender (放贷机构): owns the debt and may collect in-house or through agencies."""

    type = models.CharField(_("type"), max_length=20, choices=LenderType.choices)

    objects = scoped_queryset({"lender": "pk", "agency": None}).as_manager()

    class Meta(SupervisedEntity.Meta):
        verbose_name = _("lender")
        verbose_name_plural = _("lenders")

    def get_absolute_url(self) -> str:
        return reverse("entities:lender_detail", args=[self.code])


class Agency(SupervisedEntity):
    """A third-party collection agency (第三方催收机构)."""

    status = models.CharField(_("status"), max_length=16, choices=AgencyStatus.choices, default=AgencyStatus.ACTIVE)

    objects = scoped_queryset({"lender": None, "agency": "pk"}).as_manager()

    class Meta(SupervisedEntity.Meta):
        verbose_name = _("collection agency")
        verbose_name_plural = _("collection agencies")

    def get_absolute_url(self) -> str:
        return reverse("entities:agency_detail", args=[self.code])


class MandateQuerySet(scoped_queryset({"lender": "lender_id", "agency": "agency_id"})):
    def valid_on(self, day) -> "MandateQuerySet":
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class Mandate(TimeStampedModel):
    """A mandate (委托协议): the lender lets the agency collect for it between two dates."""

    lender = models.ForeignKey(Lender, verbose_name=_("lender"), on_delete=models.PROTECT, related_name="mandates")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="mandates")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty for open-ended."))
    portfolio_note = models.CharField(_("portfolio"), max_length=500, blank=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["lender__code", "agency__code", "valid_from"]
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_ends_after_start",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                violation_error_code="mandate_dates_reversed",
                violation_error_message=MANDATE_DATES_REVERSED,
            ),
            # The register file's key: re-importing a mandate updates it instead of adding one.
            models.UniqueConstraint(
                fields=["lender", "agency", "valid_from"], name="%(app_label)s_%(class)s_unique_start"
            ),
        ]

    def __str__(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else "…"
        return f"{self.lender.code} → {self.agency.code} ({self.valid_from.isoformat()} – {end})"

    def get_absolute_url(self) -> str:
        return reverse("entities:mandate_detail", args=[self.pk])

    def clean(self):
        # Also a database constraint; said here so forms and files name the field.
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": ValidationError(MANDATE_DATES_REVERSED, code="mandate_dates_reversed")}
            )

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.valid_from <= today and (self.valid_to is None or self.valid_to >= today)
