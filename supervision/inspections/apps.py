from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "supervision.inspections"
    label = "inspections"
    verbose_name = _("Inspections")

    def ready(self):
        from supervision.core import labels

        from .choices import InspectionState, InspectionStep, InspectionType, Severity, Trigger

        labels.register("inspection_state", InspectionState)
        labels.register("inspection_step", InspectionStep)
        labels.register("inspection_type", InspectionType)
        labels.register("trigger", Trigger)
        labels.register("severity", Severity)
