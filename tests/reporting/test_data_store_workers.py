"""Workers on hosts that share only PostgreSQL, Redis and the object store: two real Celery workers, each with an
empty, read-only DATA_ROOT, validate reports and compute a month's metrics as a chord."""

import io
import re

import pytest

from supervision.metrics.models import MetricResult
from supervision.metrics.services import metrics_compute, metrics_fan_out
from supervision.reporting.choices import ReportStatus
from supervision.reporting.models import Report
from supervision.reporting.services import report_submit
from tests.celery_worker import Worker, celery_queue, needs_redis, wait_for
from tests.factories import AgencyFactory, MandateFactory
from tests.metrics.conftest import OCTOBER, calls
from tests.reporting.builders import account, accounts_csv, contacts_csv

pytestmark = [needs_redis, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def values() -> dict:
    results = MetricResult.objects.filter(period=OCTOBER)
    return {(result.entity_key, result.metric): result.value for result in results}


def test_two_workers_without_a_data_root_validate_and_measure_a_month_on_the_object_store(
        object_store, tmp_path, lender_a, settings):
    settings.METRICS_BATCH_CONTACTS = 1  # a batch per report, so both workers have some to take
    empty = tmp_path / "empty-data-root"
    empty.mkdir()
    empty.chmod(0o555)
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    agencies = [AgencyFactory(code=f"W{n}") for n in range(6)]
    for agency in agencies:
        MandateFactory(lender=lender_a, agency=agency)
    with celery_queue() as queue:
        workers = [Worker(queue, log, DATA_ROOT=str(empty), SCRATCH_ROOT=str(tmp_path / f"scratch-{n}"),
                          METRICS_BATCH_CONTACTS="1", **object_store.environment).start()
                   for n, log in enumerate(logs)]
        try:
            wait_for(lambda: all("ready" in log.read_text() for log in logs if log.exists()) and
                     all(log.exists() for log in logs), timeout=60, what="both workers")
            for n, agency in enumerate(agencies):
                report_submit(submitter=agency, period=OCTOBER, accounts=io.BytesIO(accounts_csv(account())),
                              contacts=io.BytesIO(contacts_csv(*calls(n + 1, at="2026-10-05T23:30:00+08:00"))))
            wait_for(lambda: Report.objects.filter(status=ReportStatus.ACCEPTED).count() == len(agencies),
                     timeout=120, what="every report accepted")

            stored = metrics_fan_out(period=OCTOBER).get(timeout=120)  # a chord: the batches, then the last step
        finally:
            for worker in workers:
                worker.stop()

    batches_run = [len(re.findall(r"metrics_batch_task\[[^\]]+\] succeeded", log.read_text())) for log in logs]
    assert all(batches_run) and sum(batches_run) >= len(agencies), batches_run  # both workers took part
    assert list(empty.iterdir()) == []
    for n, agency in enumerate(agencies):
        assert values()[(f"pair:{agency.code}:LA", "quiet_hours_contacts")] == n + 1

    # The chord's month is the month computed in one process.
    fanned_out = values()
    assert metrics_compute(period=OCTOBER) == stored
    assert values() == fanned_out
