from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitiesConfig(AppConfig):
    name = "supervision.entities"
    label = "entities"
    verbose_name = _("Register of supervised entities")

    def ready(self):
        from supervision.core import labels

        from .choices import AgencyStatus, LenderType

        labels.register("lender_type", LenderType)
        labels.register("agency_status", AgencyStatus)
