from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data: on top of every app, so that no app below depends on the whole house."""

    name = "supervision.demo"
    label = "demo"
    verbose_name = "Demo"
