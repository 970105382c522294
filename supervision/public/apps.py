from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """What the public and the press see: the published complaint database, entity profiles, the front door.

    It sits on top: it reads complaints, entities, metrics and enforcement, and nothing reads it."""

    name = "supervision.public"
    label = "public"
    verbose_name = _("Public complaint database")
