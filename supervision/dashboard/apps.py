from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "supervision.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboards")

    def ready(self):
        from complaints.signals import complaints_changed
        from supervision.core.debounce import debounce

        from .tasks import COUNTS_KEY, complaint_counts_refresh_task

        def refresh_counts(sender, **kwargs):
            debounce(complaint_counts_refresh_task, key=COUNTS_KEY, seconds=30)

        complaints_changed.connect(refresh_counts, weak=False, dispatch_uid="dashboard-complaint-counts")
