"""Faults that must lose nothing: a worker killed mid-task, Redis gone during an upload, a database
error half-way through a write. The worker tests run a real Celery worker on Redis."""

import datetime as dt
import io
import shutil
import socket
import subprocess
import time

import pytest
from django.db import connection
from django.urls import reverse

from supervision.metrics.models import ContactHourCount, MetricResult, RiskScore
from supervision.metrics.services import metrics_compute
from supervision.metrics.tasks import metrics_for_report_task
from supervision.reporting import services as reporting
from supervision.reporting import storage
from supervision.reporting.choices import ReportStage, ReportStatus
from supervision.reporting.models import Report
from supervision.reporting.synthetic import write_report_files
from tests.celery_worker import Worker, celery_queue, needs_redis, wait_for
from tests.reporting.builders import account, accounts_csv, contact, contacts_csv

OCTOBER = dt.date(2026, 10, 1)


def month_rows() -> dict[str, list]:
    """What a month's recomputation writes, in a comparable form."""
    return {
        "results": sorted(MetricResult.objects.filter(period=OCTOBER).values_list("entity_key", "metric", "value")),
        "scores": sorted(RiskScore.objects.filter(period=OCTOBER).values_list("entity_key", "score")),
    }


def stored_row_ids() -> dict[str, set[int]]:
    return {model.__name__: set(model.objects.filter(period=OCTOBER).values_list("pk", flat=True))
            for model in (MetricResult, RiskScore)}


def fail_in_the_database(*args, **kwargs):
    """A real database error: the statement reaches the server and is refused there."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table_for_this_fault")


def accept(agency, accounts: bytes, contacts: bytes) -> Report:
    """Submit and validate in-process; the report must be accepted."""
    report, _ = reporting.report_submit(submitter=agency, period=OCTOBER, accounts=io.BytesIO(accounts),
                                        contacts=io.BytesIO(contacts), dispatch=False)
    report = reporting.report_validate(report_id=report.pk)
    assert report.status == ReportStatus.ACCEPTED, report.errors_preview
    return report


# -- database errors ---------------------------------------------------------------------------------


def fail_to_reach_the_store(*args, **kwargs):
    raise storage.Unavailable("data store: ConnectTimeoutError")


@pytest.mark.django_db
@pytest.mark.parametrize(("failing", "fault", "message"), [
    ("risk_compute", fail_in_the_database, "no_such_table_for_this_fault"),  # the last step
    # the combined limit, computed in a thread while the other results are stored
    ("_combined_limit_rows", fail_to_reach_the_store, "ConnectTimeoutError"),
])
def test_an_error_while_storing_metrics_leaves_the_month_as_it_was(failing, fault, message, agency_a, lender_a,
                                                                    mandate_a, monkeypatch):
    accept(agency_a, accounts_csv(), contacts_csv(contact(), contact("R2", started_at="2026-10-05T23:10:00+08:00")))
    metrics_compute(period=OCTOBER, collector_code="AA")
    before = stored_row_ids()
    assert all(before.values())

    # The new results written before the failure go too (a recomputation replaces rows, so rows that survived keep
    # their ids).
    monkeypatch.setattr(f"supervision.metrics.services.{failing}", fault)
    with pytest.raises(Exception, match=message):
        metrics_compute(period=OCTOBER, collector_code="AA")
    assert stored_row_ids() == before


def hour_counts() -> list[tuple]:
    return sorted(ContactHourCount.objects.filter(period=OCTOBER).values_list("collector_code", "lender__code",
                                                                              "weekday", "hour", "contacts"))


@pytest.mark.django_db
@pytest.mark.parametrize("failing", ["_finish", "insert_rows"])  # the pointer's flip; the hour counts, written last
def test_database_error_while_accepting_a_resubmission_keeps_the_accepted_report(agency_a, lender_a, mandate_a,
                                                                              monkeypatch, failing):
    first = accept(agency_a, accounts_csv(), contacts_csv())
    first_hours = hour_counts()
    assert first_hours == [("AA", "LA", 1, 10, 1)]
    second, _ = reporting.report_submit(submitter=agency_a, period=OCTOBER, accounts=io.BytesIO(accounts_csv()),
                                        contacts=io.BytesIO(contacts_csv(contact(), contact("R2"))), dispatch=False)

    with monkeypatch.context() as patch:
        patch.setattr(f"supervision.reporting.services.{failing}", fail_in_the_database)
        with pytest.raises(Exception, match="no_such_table_for_this_fault"):
            reporting.report_validate(report_id=second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ReportStatus.ACCEPTED and first.events.count() == 3  # not superseded, no event
    assert second.status == ReportStatus.VALIDATING and second.contacts_parquet == ""
    assert hour_counts() == first_hours

    # Once the database answers again, the sweeper's retry accepts it and supersedes the first.
    reporting.report_validate(report_id=second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.contacts_rows) == (ReportStatus.SUPERSEDED, ReportStatus.ACCEPTED, 2)
    assert hour_counts() == [("AA", "LA", 1, 10, 2)]


# -- Redis -----------------------------------------------------------------------------------------------


@pytest.fixture
def redis_cache_down(settings):
    """The product's Redis cache, pointed at a port where no Redis answers (the login lockout's counts too)."""
    from axes.handlers.proxy import AxesProxyHandler

    settings.CACHES = {"default": {"BACKEND": "supervision.core.cache.TolerantRedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}}
    AxesProxyHandler.implementation = None  # axes keeps the cache it first met: let it meet this one
    yield
    AxesProxyHandler.implementation = None  # and the real one again after


@pytest.mark.django_db
def test_throttled_complaint_is_still_filed_when_the_cache_is_down(api, lender_a, agency_a, redis_cache_down):
    """The public throttle counts in Redis; with Redis down, complaints are let through, not refused."""
    from tests.complaints.helpers import complaint_data

    response = api.post("/api/v1/complaints/", complaint_data(), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["receipt_no"]


@pytest.mark.django_db
def test_staff_log_in_and_read_the_overview_when_the_cache_is_down(client, sam_supervisor, redis_cache_down):
    from tests.second_factor import verify_session

    response = client.post(reverse("login"), {"username": "sam_supervisor", "password": "pw-for-tests-only"})
    assert response.status_code == 302
    verify_session(client, sam_supervisor)  # the code typed, as the login's second step
    assert client.get(reverse("dashboard:overview")).status_code == 200  # drawn uncached


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A Redis server of this test's own, so that it can be stopped and started again."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> "PrivateRedis":
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10, what="redis to start")
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    redis = PrivateRedis().start()
    yield redis
    redis.stop()


def send_tasks_to(url: str) -> None:
    """Point this process's producer at another broker (Celery keeps a connection pool per app)."""
    from supervision.celery import app

    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@needs_redis
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_upload_during_a_redis_outage_is_recorded_and_validated_when_redis_returns(
    private_redis, api_as, alice_agency, mandate_a, tmp_path, settings
):
    from supervision.celery import app

    previous_broker = app.conf.broker_url
    with celery_queue() as queue:
        send_tasks_to(private_redis.url)
        worker = Worker(queue, tmp_path / "worker.log", REDIS_URL=private_redis.url,
                        CELERY_RESULT_BACKEND=private_redis.url).start()
        try:
            private_redis.stop()  # the outage
            started = time.monotonic()
            response = api_as(alice_agency).post(reverse("report-list"), {
                "period": "2026-10", "accounts": io.BytesIO(accounts_csv(account())),
                "contacts": io.BytesIO(contacts_csv(contact())),
            }, format="multipart")
            assert response.status_code == 201, response.content
            assert time.monotonic() - started < 15  # the upload does not hang on the broker
            report = Report.objects.get(pk=response.json()["id"])
            assert (report.status, report.stage) == (ReportStatus.RECEIVED, ReportStage.UNQUEUED)

            private_redis.start()  # Redis is back; beat's sweeper runs within minutes, here at once
            assert reporting.reports_requeue_stalled() == [report.pk]
            wait_for(lambda: Report.objects.get(pk=report.pk).status == ReportStatus.ACCEPTED, timeout=90,
                     what="validation after the outage")
        finally:
            worker.stop()
            send_tasks_to(previous_broker)


# -- a worker killed half-way --------------------------------------------------------------------------


def wait_for_log(log, text: str, timeout: float = 60) -> None:
    wait_for(lambda: log.exists() and text in log.read_text(), timeout=timeout, what=f"'{text}' in the worker log")


@needs_redis
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_killed_during_metrics_leaves_no_partial_month_and_the_task_is_redelivered(
    agency_a, tmp_path, monkeypatch
):
    from tests.factories import LenderFactory, MandateFactory

    for code in ("L001", "L002", "L003"):
        MandateFactory(lender=LenderFactory(code=code), agency=agency_a)
    accounts, contacts = write_report_files(tmp_path / "big", contacts=1_500_000, debtors=150_000,
                                            lenders=["L001", "L002", "L003"], period="2026-10")
    monkeypatch.setattr(reporting, "metrics_dispatch", lambda **kwargs: None)  # this test sends it itself
    report = accept(agency_a, accounts.read_bytes(), contacts.read_bytes())
    assert month_rows() == {"results": [], "scores": []}

    log = tmp_path / "worker.log"
    with celery_queue() as queue:
        # A short visibility timeout: a task whose worker died goes to the next worker within seconds.
        first = Worker(queue, log, CELERY_VISIBILITY_TIMEOUT="3").start()
        metrics_for_report_task.delay(report.pk)
        wait_for_log(log, "metrics_for_report_task")
        time.sleep(0.5)  # well inside the computation, which takes seconds at this size
        first.kill()
        assert "succeeded" not in log.read_text()
        assert month_rows() == {"results": [], "scores": []}  # nothing half-written

        second = Worker(queue, log, CELERY_VISIBILITY_TIMEOUT="3").start()
        try:
            wait_for_log(log, "succeeded", timeout=120)  # the same message, delivered again
        finally:
            second.stop()
    redelivered = month_rows()
    assert redelivered["results"] and redelivered["scores"]
    metrics_compute(period=OCTOBER, collector_code=agency_a.code)  # and running it again changes nothing
    assert month_rows() == redelivered
