from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "supervision.operations"
    verbose_name = _("Operations")

    def ready(self):
        from supervision.core import labels

        from . import logs, monitoring  # noqa: F401 (connect their Celery signal receivers)
        from .models import HoldKind

        labels.register("hold_kind", HoldKind)
