from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "supervision.metrics"
    label = "metrics"
    verbose_name = _("Rule profiles and conduct metrics")

    def ready(self):
        from supervision.core import labels

        from .definitions import MetricGroup, Unit, metric_labels
        from .models import AlertKind, AlertState, Scope

        labels.register("metric", metric_labels())
        labels.register("metric_group", MetricGroup)
        labels.register("unit", Unit)
        labels.register("scope", Scope)
        labels.register("alert_kind", AlertKind)
        labels.register("alert_state", AlertState)

        from complaints.signals import complaints_changed

        from .services import complaint_months_mark_stale

        complaints_changed.connect(lambda sender, months, **kwargs: complaint_months_mark_stale(months=months),
                                   weak=False, dispatch_uid="metrics-complaint-months")
