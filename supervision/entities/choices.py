from django.db import models
from django.utils.translation import gettext_lazy as _


class LenderType(models.TextChoices):
    BANK = "bank", _("Bank")
    CONSUMER_FINANCE = "consumer_finance", _("Consumer-finance company")
    ONLINE_PLATFORM = "online_platform", _("Online lending platform")
    MICROCREDIT = "microcredit", _("Microcredit company")
    OTHER = "other", _("Other")


class AgencyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Licence revoked")
