"""The Prometheus endpoint: refused without the token or an allowed address; a report's figures after an upload."""

import datetime as dt
import io
import json
import logging
import re

import pytest
from django.test import override_settings

from supervision.operations import logs
from supervision.reporting.services import report_submit
from tests.reporting.builders import accounts_csv, contacts_csv

pytestmark = pytest.mark.django_db
TOKEN = "monitoring-token-for-tests"


def figure(text: str, name: str, **labels) -> float:
    """The value of one sample of the exposition (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        match = re.fullmatch(rf"{name}(?:\{{(.*)\}})? (\S+)", line)
        if match and ",".join(sorted((match.group(1) or "").split(","))).strip(",") == wanted:
            return float(match.group(2))
    return 0.0


@override_settings(MONITORING_TOKEN=TOKEN)
def test_an_anonymous_caller_is_refused_and_the_token_is_let_in(client):
    assert client.get("/monitoring/prometheus").status_code == 403
    assert client.get("/monitoring/prometheus", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    response = client.get("/monitoring/prometheus", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200 and b"supervision_complaints_received_total" in response.content


@override_settings(MONITORING_ALLOWED_NETWORKS=["10.0.0.0/8"])
def test_an_allowed_network_needs_no_token(client):
    assert client.get("/monitoring/prometheus", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/monitoring/prometheus", REMOTE_ADDR="192.168.1.9").status_code == 403


@override_settings(MONITORING_TOKEN=TOKEN)
def test_an_upload_shows_in_the_reports_counters_and_the_validation_time(client, agency_a, mandate_a,
                                                                         django_capture_on_commit_callbacks):
    def scrape() -> str:
        return client.get("/monitoring/prometheus", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()

    before = scrape()
    with django_capture_on_commit_callbacks(execute=True):  # validated in-process, as on the embedded default
        report_submit(submitter=agency_a, period=dt.date(2026, 10, 1),
                      accounts=io.BytesIO(accounts_csv()), contacts=io.BytesIO(contacts_csv()))
    after = scrape()
    for outcome in ("received", "accepted"):
        assert figure(after, "supervision_reports_total", outcome=outcome, stage="") == figure(
            before, "supervision_reports_total", outcome=outcome, stage="") + 1
    assert figure(after, "supervision_report_validation_seconds_count") == figure(
        before, "supervision_report_validation_seconds_count") + 1
    assert figure(after, "supervision_metrics_compute_seconds_count", scope="collector") > figure(
        before, "supervision_metrics_compute_seconds_count", scope="collector")
    assert "django_http_requests_total_by_view_transport_method_total" in after  # the request side


def test_log_lines_are_json_with_the_request_id_that_the_response_returns(client):
    formatter = logging.getLogger("supervision").handlers[0].formatter
    assert client.get("/health/live", HTTP_X_REQUEST_ID="proxy-id-0001")["X-Request-ID"] == "proxy-id-0001"
    assert client.get("/health/live", HTTP_X_REQUEST_ID="bad id with spaces")["X-Request-ID"] != "bad id with spaces"
    token = logs.request_id.set("abcdef123456")
    try:
        record = logging.LogRecord("supervision.x", logging.INFO, __file__, 1, "queued %s", ("a task",), None)
        logs.RequestIdFilter().filter(record)
        line = json.loads(formatter.format(record))
    finally:
        logs.request_id.reset(token)
    assert line["message"] == "queued a task" and line["request_id"] == "abcdef123456"
    assert {"time", "level", "logger"} <= set(line)


def test_a_queued_task_carries_the_request_id_into_the_worker():
    """The publish side puts the id in the message's headers; the worker side sets it while the task runs."""

    class Request:
        headers = None

    class Task:
        request = Request()

    token = logs.request_id.set("req-000000000042")
    headers = {}
    logs._carry_request_id(headers=headers)
    logs.request_id.reset(token)
    assert headers == {"request_id": "req-000000000042"}
    Task.request.request_id = headers["request_id"]  # how Celery hands a custom header to the task
    logs._take_request_id(task_id="t1", task=Task())
    assert logs.request_id.get() == "req-000000000042"
    logs._drop_request_id(task_id="t1")
    assert logs.request_id.get() == ""
