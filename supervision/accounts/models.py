from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", _("Supervisor")
    INSPECTOR = "inspector", _("Inspector")
    ENTITY = "entity", _("Entity user")
    ADMIN = "admin", _("Administrator")


REGULATOR_ROLES = (Role.SUPERVISOR, Role.INSPECTOR, Role.ADMIN)


class User(AbstractUser):
    """A person who logs in: regulator staff, or staff of exactly one lender or agency."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.SUPERVISOR)
    lender = models.ForeignKey(
        "entities.Lender", verbose_name=_("lender"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    agency = models.ForeignKey(
        "entities.Agency", verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # An entity user belongs to exactly one lender or one agency; regulator staff to none.
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_entity_link",
                condition=(
                    Q(role=Role.ENTITY, lender__isnull=False, agency__isnull=True)
                    | Q(role=Role.ENTITY, lender__isnull=True, agency__isnull=False)
                    | (~Q(role=Role.ENTITY) & Q(lender__isnull=True, agency__isnull=True))
                ),
                violation_error_message=_("An entity user is linked to exactly one lender or one agency; others to none."),
            )
        ]

    @property
    def is_regulator(self) -> bool:
        return self.is_active and (self.role in REGULATOR_ROLES or self.is_superuser)

    @property
    def is_supervisor(self) -> bool:
        return self.is_active and (self.role in (Role.SUPERVISOR, Role.ADMIN) or self.is_superuser)

    @property
    def entity(self):
        """The lender or agency an entity user works for, else None."""
        return self.lender or self.agency
