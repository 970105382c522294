from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "supervision.metrics"
    label = "metrics"
    verbose_name = _("Rule profiles and conduct metrics")

    def ready(self):
        from supervision.core import labels

        from .definitions import MetricGroup, Unit, metric_labels
        from .models import AlertKind, Scope

        labels.register("metric", metric_labels())
        labels.register("metric_group", MetricGroup)
        labels.register("unit", Unit)
        labels.register("scope", Scope)
        labels.register("alert_kind", AlertKind)
