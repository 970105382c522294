from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "supervision.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from . import labels
        from .provinces import Province

        labels.register("province", Province)
