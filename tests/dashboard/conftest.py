from tests.dashboard.test_dashboard import month_of_data  # noqa: F401,E402 (shared fixture)
from tests.metrics.conftest import accepted_report, metric_values  # noqa: F401 (shared fixtures)
