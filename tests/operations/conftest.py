from tests.metrics.conftest import accepted_report, metric_values  # noqa: F401 (the month's fixtures, shared)
