"""A month's metrics as batches and a month-wide step (what the chord runs, here in-process): a batch counted
twice counts once, a batch lost is measured by the last step, and a report superseded meanwhile is not counted."""

import pytest

from supervision.metrics.models import MetricResult
from supervision.metrics.services import batches_of, measure_batch, metrics_compute, metrics_finish
from supervision.metrics.sources import accepted_reports
from supervision.rules.models import default_profile
from tests.factories import MandateFactory
from tests.metrics.conftest import OCTOBER, account, calls

pytestmark = pytest.mark.django_db

NIGHT = "2026-10-05T23:30:00+08:00"


def values() -> dict:
    return {(result.entity_key, result.metric): result.value for result in MetricResult.objects.filter(period=OCTOBER)}


@pytest.fixture
def two_reports(accepted_report, agency_a, agency_b, lender_a, mandate_a, settings):
    settings.METRICS_BATCH_CONTACTS = 1  # a batch per report
    MandateFactory(lender=lender_a, agency=agency_b)
    accepted_report(agency_a, [account()], calls(3, at=NIGHT))
    accepted_report(agency_b, [account("B1")], calls(1, account_ref="B1", prefix="B", at=NIGHT))
    metrics_compute(period=OCTOBER)
    return values()


def measured_batches() -> list[dict]:
    profile = default_profile()
    return [measure_batch(period=OCTOBER, profile=profile, report_ids=ids)
            for ids in batches_of(accepted_reports(OCTOBER))]


def test_a_batch_counted_twice_counts_once(two_reports):
    batches = measured_batches()
    assert len(batches) == 2
    metrics_finish(period=OCTOBER, profile=default_profile(), collector_code=None, measured=batches + batches[:1])
    assert values() == two_reports
    assert two_reports[("pair:AA:LA", "quiet_hours_contacts")] == 3


def test_a_batch_the_chord_lost_is_measured_by_the_last_step(two_reports):
    metrics_finish(period=OCTOBER, profile=default_profile(), collector_code=None, measured=measured_batches()[:1])
    assert values() == two_reports


def test_a_report_superseded_after_its_batch_was_measured_is_not_counted(two_reports, accepted_report, agency_a):
    batches = measured_batches()
    accepted_report(agency_a, [account()], calls(5, at=NIGHT))  # supersedes agency A's report of 3 night calls
    metrics_finish(period=OCTOBER, profile=default_profile(), collector_code=None, measured=batches)
    assert values()[("pair:AA:LA", "quiet_hours_contacts")] == 5
    assert values()[("pair:AB:LA", "quiet_hours_contacts")] == 1


def test_the_compare_task_returns_what_a_result_store_can_keep(two_reports):
    import json

    from supervision.metrics.tasks import metrics_for_profile_task

    assert json.loads(json.dumps(metrics_for_profile_task.run(OCTOBER.isoformat(), default_profile().pk))) == "2026-10-01"
