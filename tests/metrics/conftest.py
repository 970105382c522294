
import pytest

from tests.conftest import OCTOBER
from tests.reporting.builders import account, contact


@pytest.fixture
def two_agencies(accepted_report, metric_values, agency_a, agency_b, lender_a, mandate_a):
    """October: agency A made 3 night calls and 2 day calls for lender A; agency B one day call."""
    from tests.factories import MandateFactory

    MandateFactory(lender=lender_a, agency=agency_b)
    accepted_report(agency_a, [account()], calls(3, at="2026-10-05T23:30:00+08:00") + calls(2, prefix="S"))
    accepted_report(agency_b, [account("B1")], calls(1, account_ref="B1", prefix="B"))
    return metric_values()


def calls(count: int, *, at: str = "2026-10-05T10:00:00+08:00", prefix: str = "R", **overrides) -> list[dict]:
    return [contact(f"{prefix}{n}", started_at=at, **overrides) for n in range(count)]


__all__ = ["OCTOBER", "account", "calls", "contact"]
