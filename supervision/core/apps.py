from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "supervision.core"
    label = "core"
    verbose_name = "Core"
