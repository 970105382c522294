from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "supervision.reporting"
    label = "reporting"
    verbose_name = _("Conduct reports")

    def ready(self):
        from supervision.core import labels

        from .choices import ReportStatus
        from .ingest.contract import Kind

        labels.register("report_status", ReportStatus)
        labels.register("column_kind", Kind)
