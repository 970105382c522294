from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "supervision.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self):
        from django.core.checks import register

        from supervision.core import labels

        from .checks import second_factor_stays_on

        register(second_factor_stays_on)

        from .models import Role, TokenEvent, TokenScope

        labels.register("role", Role)
        labels.register("token_scope", TokenScope)
        labels.register("token_event", TokenEvent.Kind)
