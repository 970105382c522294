from tests.dashboard.test_dashboard import month_of_data  # noqa: F401,E402 (shared fixture)
