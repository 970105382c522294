from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS


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
    is_entity_admin = models.BooleanField(
        _("entity administrator"), default=False,
        help_text=_("Manages the API tokens of its lender or agency (set by regulator staff)."))

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

    @property
    def manages_tokens(self) -> bool:
        return self.is_active and self.role == Role.ENTITY and self.is_entity_admin


class TokenScope(models.TextChoices):
    ALL = "all", _("Every API call the entity may make")
    REPORTS = "reports", _("Report submission only")


class ApiToken(AbstractAuthToken):
    """An API token of a lender or agency: named by its entity administrator, kept only as a hash (knox's
    digest), expiring, and bound to the entity through the user who created it."""

    # knox keys its table on the digest; a number is what pages, the API and the audit trail name a token by.
    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)
    name = models.CharField(_("name"), max_length=80)
    scope = models.CharField(_("may be used for"), max_length=16, choices=TokenScope.choices, default=TokenScope.ALL)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_from = models.GenericIPAddressField(_("last used from"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return self.name


class TokenEvent(models.Model):
    """What happened to a token: created, used from an address not seen before, revoked. Kept after the token."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        NEW_ADDRESS = "new_address", _("used from a new address")
        REVOKED = "revoked", _("revoked")

    token_id = models.PositiveBigIntegerField()
    token_name = models.CharField(max_length=80)
    entity_code = models.CharField(max_length=32)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    address = models.GenericIPAddressField(null=True, blank=True)
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]


class SavedView(models.Model):
    """A list's filters and order, saved by one person under a name (the complaint queue's saved filters)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_views")
    page = models.CharField(max_length=32)
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "page", "name"], name="accounts_savedview_once")]

    def __str__(self) -> str:
        return self.name


def active_staff():
    """The regulator's people who can be given work (assignees, leads, teams), by username."""
    return User.objects.filter(role__in=REGULATOR_ROLES, is_active=True).order_by("username")


def chosen_staff(value: str, *, me: User) -> User | None:
    """The staff member an assignee field names: "me", a user's id, or nobody (empty or unknown)."""
    if value == "me":
        return me
    return active_staff().filter(pk=int(value)).first() if value.isdigit() else None
