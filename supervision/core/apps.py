from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "supervision.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import labels
        from .versions import watch_writes

        connection_created.connect(watch_writes, dispatch_uid="core.versions.watch_writes")
        from .provinces import Province

        labels.register("province", Province)
