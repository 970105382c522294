import datetime as dt
import io

import pytest

from supervision.metrics.models import MetricResult
from supervision.metrics.services import metrics_compute
from supervision.reporting.choices import ReportStatus
from supervision.reporting.services import report_submit, report_validate
from supervision.rules.models import RuleProfile, default_profile
from tests.reporting.builders import account, accounts_csv, contact, contacts_csv

OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture
def accepted_report(db):
    """Accept a report for `submitter` built from hand-written rows."""

    def make(submitter, accounts: list[dict], contacts: list[dict], period=OCTOBER, version=1):
        report, _ = report_submit(submitter=submitter, period=period,
                                  accounts=io.BytesIO(accounts_csv(*accounts, version=version)),
                                  contacts=io.BytesIO(contacts_csv(*contacts, version=version)), dispatch=False)
        report = report_validate(report_id=report.pk)
        assert report.status == ReportStatus.ACCEPTED, report.errors_preview
        return report

    return make


@pytest.fixture
def metric_values(db):
    """Compute October and return {(scope, entity, metric): value}."""

    def compute(profile_name: str = "CN", **kwargs) -> dict:
        default_profile()  # the shipped profiles, even after a transactional test emptied the tables
        profile = RuleProfile.objects.get(name=profile_name)
        metrics_compute(period=OCTOBER, profile=profile, **kwargs)
        results = MetricResult.objects.filter(period=OCTOBER, profile=profile)
        return {(r.scope, r.entity_key.split(":", 1)[1], r.metric): r.value for r in results}

    return compute


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
