"""Validation on a real Celery worker over Redis, including a worker killed half-way."""

import datetime as dt
import io

import duckdb
import pytest

from supervision.metrics.models import MetricResult
from supervision.metrics.tasks import metrics_for_report_task
from supervision.reporting import storage
from supervision.reporting.choices import ReportStatus
from supervision.reporting.models import Report
from supervision.reporting.services import report_submit
from supervision.reporting.synthetic import write_report_files
from supervision.reporting.tasks import report_validate_task
from tests.celery_worker import Worker, celery_queue, needs_redis, wait_for
from tests.reporting.builders import accounts_csv, contacts_csv

pytestmark = [needs_redis, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

OCTOBER = dt.date(2026, 10, 1)


def status_of(report: Report) -> str:
    report.refresh_from_db()
    return report.status


@pytest.fixture
def worker(tmp_path):
    with celery_queue() as queue:
        workers = []

        def start(**settings_env):
            workers.append(Worker(queue, tmp_path / "worker.log", **settings_env).start())
            return workers[-1]

        yield start
        for running in workers:
            running.stop()


def test_worker_validates_an_uploaded_report(worker, agency_a, lender_a):
    worker()
    report, _ = report_submit(submitter=agency_a, period=OCTOBER, accounts=io.BytesIO(accounts_csv()),
                              contacts=io.BytesIO(contacts_csv()))
    wait_for(lambda: status_of(report) == ReportStatus.ACCEPTED, what="acceptance")
    # Sending the same task again changes nothing.
    report_validate_task.delay(report.pk).get(timeout=30)
    assert Report.objects.filter(status=ReportStatus.ACCEPTED).count() == 1
    assert [event.to_status for event in report.events.all()] == ["received", "validating", "accepted"]

    # The worker then computes the month's metrics; computing them again leaves the same rows.
    results = MetricResult.objects.filter(period=OCTOBER)
    wait_for(lambda: results.filter(entity_key="pair:AA:LA", metric="contacts").exists(), what="metrics")
    before = sorted(results.values_list("entity_key", "metric", "value"))
    metrics_for_report_task.delay(report.pk).get(timeout=60)
    assert sorted(results.values_list("entity_key", "metric", "value")) == before


def test_worker_killed_during_validation_leaves_nothing_and_the_report_completes_later(
    worker, agency_a, tmp_path, store
):
    from tests.factories import LenderFactory

    on_store = store.environment if store else {}  # the workers' data store: local disk, or the object store
    for code in ("L001", "L002", "L003"):
        LenderFactory(code=code)
    accounts, contacts = write_report_files(tmp_path / "big", contacts=1_500_000, debtors=150_000,
                                            lenders=["L001", "L002", "L003"], period="2026-10")
    first = worker(**on_store)
    with accounts.open("rb") as accounts_file, contacts.open("rb") as contacts_file:
        report, _ = report_submit(submitter=agency_a, period=OCTOBER, accounts=accounts_file, contacts=contacts_file)
    wait_for(lambda: Report.objects.get(pk=report.pk).progress >= 10, what="validation to start")
    first.kill()

    report.refresh_from_db()
    assert report.status == ReportStatus.VALIDATING
    assert report.contacts_parquet == ""  # metrics follow this pointer, and it points nowhere
    assert not Report.objects.filter(status=ReportStatus.ACCEPTED).exists()
    accepted_files = storage.parquet_folder("contacts", period_label=report.period_label)
    assert storage.listing(accepted_files) == []

    # The task was acknowledged late, so the broker still holds it: the next worker gets it again by itself.
    worker(CELERY_VISIBILITY_TIMEOUT="3", **on_store)
    wait_for(lambda: status_of(report) == ReportStatus.ACCEPTED, timeout=120, what="the redelivered validation")
    report.refresh_from_db()
    assert report.contacts_rows == 1_500_000 and report.attempts == 2
    assert [path for path, _modified in storage.listing(accepted_files)] == [report.contacts_parquet]
    with storage.local_copies([report.contacts_parquet]) as copies:
        [(rows,)] = duckdb.sql(f"SELECT count(*) FROM '{copies[report.contacts_parquet]}'").fetchall()
    assert rows == 1_500_000
