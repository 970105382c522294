"""The dry run: every check of a submission, the same error report, nothing stored."""

import os

import pytest

from supervision.metrics.models import MetricResult
from supervision.reporting import storage
from supervision.reporting.models import Report
from tests.reporting.builders import account, accounts_csv, contact, contacts_csv
from tests.reporting.test_submission import upload

pytestmark = pytest.mark.django_db

CHECK = "/api/v1/reports/validate/"


def stored() -> tuple:
    files = sorted(os.path.relpath(os.path.join(folder, name), storage.data_root())
                   for folder, _dirs, names in os.walk(storage.data_root()) for name in names)
    return Report.objects.count(), MetricResult.objects.count(), files


@pytest.fixture
def agency_api(api_as, alice_agency, mandate_a):
    return api_as(alice_agency)


def test_good_files_pass_and_nothing_is_stored(agency_api):
    before = stored()
    body = agency_api.post(CHECK, upload(accounts_csv(), contacts_csv()), format="multipart").json()
    assert body == {"accepted": True, "accounts_rows": 1, "contacts_rows": 1, "error_count": 0, "errors": []}
    assert stored() == before


def test_bad_files_get_the_error_report_a_submission_gets(agency_api, django_capture_on_commit_callbacks):
    files = (accounts_csv(), contacts_csv(contact(channel="fax"), contact(record_id="R2", started_at="2026-10-05 10:00")))
    before = stored()
    checked = agency_api.post(CHECK, upload(*files), format="multipart").json()
    assert stored() == before
    with django_capture_on_commit_callbacks(execute=True):
        report_id = agency_api.post("/api/v1/reports/", upload(*files), format="multipart").json()["id"]
    submitted = agency_api.get(f"/api/v1/reports/{report_id}/").json()
    assert checked["accepted"] is False and checked["error_count"] == submitted["error_count"] == 2
    assert checked["errors"] == submitted["errors"]
    assert {error["column"] for error in checked["errors"]} == {"channel", "started_at"}
    assert all(error["message"] for error in checked["errors"])


def test_a_file_that_is_no_table_is_named(agency_api):
    body = agency_api.post(CHECK, upload(b"\xff\xfea\x00b\x00", contacts_csv()), format="multipart").json()
    assert body["accepted"] is False and body["errors"][0]["file"] == "accounts.csv"


def test_only_entity_users_check_reports(api_as, sam_supervisor, api):
    assert api_as(sam_supervisor).post(CHECK, upload(accounts_csv(), contacts_csv()), format="multipart").status_code == 403


def test_the_dry_run_has_its_own_throttle(agency_api, settings):
    from rest_framework.throttling import ScopedRateThrottle

    ScopedRateThrottle.THROTTLE_RATES = {"report_check": "2/hour"}
    try:
        answers = [agency_api.post(CHECK, upload(accounts_csv(), contacts_csv()), format="multipart").status_code
                   for _ in range(3)]
        submitted = agency_api.post("/api/v1/reports/", upload(accounts_csv(), contacts_csv()), format="multipart")
    finally:
        ScopedRateThrottle.THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert answers == [200, 200, 429] and submitted.status_code == 201


def test_the_upload_page_checks_without_storing(client, alice_agency, mandate_a):
    client.force_login(alice_agency)
    before = stored()
    page = client.post("/reports/upload/", upload(accounts_csv(account()), contacts_csv(contact(channel="fax")))
                       | {"check_only": "1"}).content.decode()
    assert 'id="check-result"' in page and "fax" in page
    assert stored() == before
