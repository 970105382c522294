from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    """Rule profiles: below metrics and complaints, which both read them."""

    name = "supervision.rules"
    label = "rules"
    verbose_name = _("Rule profiles")
