from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "supervision.enforcement"
    label = "enforcement"
    verbose_name = _("Enforcement")

    def ready(self):
        from supervision.core import labels

        from .choices import ActionKind, ActionState, ActionStep, MilestoneState

        labels.register("action_kind", ActionKind)
        labels.register("action_state", ActionState)
        labels.register("action_step", ActionStep)
        labels.register("milestone_state", MilestoneState)
