"""Submitting reports through the API, the upload page and the command; supersession; duplicates."""

import io

import duckdb
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from supervision.reporting import storage
from supervision.reporting.choices import ReportStatus
from supervision.reporting.models import Report
from tests.reporting.builders import account, accounts_csv, contact, contacts_csv

pytestmark = pytest.mark.django_db


def upload(accounts: bytes, contacts: bytes, period="2026-10") -> dict:
    return {
        "period": period,
        "accounts": SimpleUploadedFile("accounts.csv", accounts),
        "contacts": SimpleUploadedFile("contacts.csv", contacts),
    }


@pytest.fixture(autouse=True)
def commits_run_their_callbacks(django_capture_on_commit_callbacks):
    """Run what services queue after commit (validation) as soon as each request ends."""

    class Committing:
        def __init__(self, client):
            self.client = client

        def __getattr__(self, name):
            method = getattr(self.client, name)
            if name not in ("post", "get", "generic", "patch"):
                return method

            def call(*args, **kwargs):
                with django_capture_on_commit_callbacks(execute=True):
                    response = method(*args, **kwargs)
                return response

            return call

    return Committing


@pytest.fixture
def agency_api(api_as, alice_agency, mandate_a, commits_run_their_callbacks):
    return commits_run_their_callbacks(api_as(alice_agency))


def test_agency_submits_a_month_and_it_is_accepted(agency_api):
    response = agency_api.post("/api/v1/reports/", upload(accounts_csv(), contacts_csv()), format="multipart")
    assert response.status_code == 201, response.json()
    report = Report.objects.get(pk=response.json()["id"])
    assert (report.status, report.progress, report.contacts_rows) == (ReportStatus.ACCEPTED, 100, 1)
    rows = duckdb.sql(f"SELECT record_id, agency_code FROM '{storage.absolute(report.contacts_parquet)}'").fetchall()
    assert rows == [("R1", "AA")]
    assert [event.to_status for event in report.events.all()] == ["received", "validating", "accepted"]


def test_detail_shows_status_and_errors_of_a_rejected_report(agency_api):
    created = agency_api.post(
        "/api/v1/reports/", upload(accounts_csv(), contacts_csv(contact(started_at="2026-10-05 10:00"))), format="multipart"
    ).json()
    detail = agency_api.get(f"/api/v1/reports/{created['id']}/").json()
    assert detail["status"] == "rejected" and detail["error_count"] == 1
    [error] = detail["errors"]
    assert (error["file"], error["line"], error["column"], error["reason"]) == (
        "contacts.csv", 2, "started_at", "timestamp_without_offset"
    )
    assert error["message"]


def test_rejected_report_stores_nothing_metrics_read(agency_api):
    agency_api.post("/api/v1/reports/", upload(accounts_csv(), contacts_csv(contact(channel="fax"))), format="multipart")
    report = Report.objects.get()
    assert report.contacts_parquet == "" and report.status == ReportStatus.REJECTED
    assert not list((storage.data_root() / "reports").glob("parquet/**/*.parquet"))


def test_errors_download_lists_every_error_with_formulas_neutralised(agency_api):
    rows = [contact(f"R{n}", channel=f"=cmd|' /C calc'!A{n}") for n in range(3)]
    report_id = agency_api.post("/api/v1/reports/", upload(accounts_csv(), contacts_csv(*rows)), format="multipart").json()["id"]
    response = agency_api.get(f"/api/v1/reports/{report_id}/errors/")
    text = b"".join(response.streaming_content).decode()
    assert text.count("not_in_choices") == 3
    assert text.count("'=cmd|") == 3
    assert ",=cmd" not in text and ',"=cmd' not in text


def test_resubmission_supersedes_the_accepted_report_and_keeps_its_files(agency_api):
    first = agency_api.post("/api/v1/reports/", upload(accounts_csv(), contacts_csv()), format="multipart").json()
    second = agency_api.post(
        "/api/v1/reports/", upload(accounts_csv(), contacts_csv(contact(), contact("R2"))), format="multipart"
    ).json()
    old, new = Report.objects.get(pk=first["id"]), Report.objects.get(pk=second["id"])
    assert (old.status, new.status) == (ReportStatus.SUPERSEDED, ReportStatus.ACCEPTED)
    assert storage.absolute(old.contacts_parquet).exists()
    assert Report.objects.filter(status=ReportStatus.ACCEPTED).count() == 1


def test_same_bytes_sent_twice_are_recognised(agency_api):
    first = agency_api.post("/api/v1/reports/", upload(accounts_csv(), contacts_csv()), format="multipart")
    again = agency_api.post("/api/v1/reports/", upload(accounts_csv(), contacts_csv()), format="multipart")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Report.objects.count() == 1
    assert len(list((storage.data_root() / "reports" / "raw").glob("*/*"))) == 2


def test_bad_period_is_a_field_error(agency_api):
    response = agency_api.post("/api/v1/reports/", upload(accounts_csv(), contacts_csv(), period="2026-13"),
                               format="multipart")
    assert response.status_code == 400 and list(response.json()) == ["period"]
    future = agency_api.post("/api/v1/reports/", upload(accounts_csv(), contacts_csv(), period="2999-01"),
                             format="multipart")
    assert future.status_code == 400 and list(future.json()) == ["period"]
    assert not Report.objects.exists()


def test_missing_file_is_a_field_error(agency_api):
    data = upload(accounts_csv(), contacts_csv())
    del data["contacts"]
    response = agency_api.post("/api/v1/reports/", data, format="multipart")
    assert response.status_code == 400 and list(response.json()) == ["contacts"]


def test_file_over_the_upload_limit_is_refused_before_storage(agency_api, settings):
    settings.REPORT_UPLOAD_MAX_BYTES = 1000
    big = contacts_csv(*[contact(f"R{n}") for n in range(100)])
    response = agency_api.post("/api/v1/reports/", upload(accounts_csv(), big), format="multipart")
    assert response.status_code == 413
    assert not Report.objects.exists()
    assert not (storage.data_root() / "reports" / "raw").exists()


def test_declared_body_over_the_limit_is_refused_unread(agency_api, settings):
    settings.REPORT_UPLOAD_MAX_BYTES = 10
    response = agency_api.generic("POST", "/api/v1/reports/", b"x" * 100_000,
                                  content_type="multipart/form-data; boundary=zzz")
    assert response.status_code == 413


def test_supervisors_cannot_submit_through_the_api(api_as, sam_supervisor):
    response = api_as(sam_supervisor).post("/api/v1/reports/", upload(accounts_csv(), contacts_csv()), format="multipart")
    assert response.status_code == 403


def test_agency_user_cannot_see_another_agencys_report(agency_api, api_as, bob_agency):
    report_id = agency_api.post("/api/v1/reports/", upload(accounts_csv(), contacts_csv()), format="multipart").json()["id"]
    other = api_as(bob_agency)
    assert other.get("/api/v1/reports/").json()["results"] == []
    for url in (f"/api/v1/reports/{report_id}/", f"/api/v1/reports/{report_id}/errors/"):
        assert other.get(url).status_code == 404


def test_raw_files_are_for_regulators_only(agency_api, api_as, sam_supervisor):
    report_id = agency_api.post("/api/v1/reports/", upload(accounts_csv(), contacts_csv()), format="multipart").json()["id"]
    assert agency_api.get(f"/api/v1/reports/{report_id}/raw/contacts/").status_code == 403
    response = api_as(sam_supervisor).get(f"/api/v1/reports/{report_id}/raw/contacts/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == contacts_csv()


def test_upload_page_sends_files_and_shows_progress(client, alice_agency, mandate_a, commits_run_their_callbacks):
    client.force_login(alice_agency)
    client = commits_run_their_callbacks(client)
    assert client.get("/reports/upload/").status_code == 200
    response = client.post("/reports/upload/", upload(accounts_csv(), contacts_csv()))
    report = Report.objects.get()
    assert response.url == f"/reports/{report.pk}/"
    assert client.get(f"/reports/{report.pk}/status/").json()["status"] == "accepted"
    assert "progress" in client.get(response.url).content.decode()


def test_upload_page_shows_field_errors(client, alice_agency):
    client.force_login(alice_agency)
    response = client.post("/reports/upload/", {"period": "10/2026"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"period", "accounts", "contacts"}


def test_upload_page_is_for_entity_users(client, sam_supervisor):
    client.force_login(sam_supervisor)
    assert client.get("/reports/upload/").status_code == 403


def test_supervisor_sees_agencies_missing_last_months_report(client, sam_supervisor, mandate_a, mandate_b):
    client.force_login(sam_supervisor)
    missing = client.get("/reports/").context["missing"]
    assert {agency.code for agency in missing} == {"AA", "AB"}


def test_import_report_command_loads_for_an_agency(tmp_path, mandate_a):
    (tmp_path / "a.csv").write_bytes(accounts_csv())
    (tmp_path / "c.csv").write_bytes(contacts_csv())
    out = io.StringIO()
    call_command("import_report", entity="AA", period="2026-10", accounts=tmp_path / "a.csv",
                 contacts=tmp_path / "c.csv", stdout=out)
    assert "accepted" in out.getvalue()
    assert Report.objects.get().status == ReportStatus.ACCEPTED


def test_import_report_command_fails_on_bad_rows(tmp_path, mandate_a):
    (tmp_path / "a.csv").write_bytes(accounts_csv(account(balance="lots")))
    (tmp_path / "c.csv").write_bytes(contacts_csv())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_report", entity="AA", period="2026-10", accounts=tmp_path / "a.csv",
                     contacts=tmp_path / "c.csv", stderr=err)
    assert "balance = 'lots'" in err.getvalue()
