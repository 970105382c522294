"""Every file of tests/corpus/files/ is refused with its own specific error, and nothing is stored.

The files are written by tests/corpus/build.py. A file without an expectation here fails
`test_every_corpus_file_has_an_expectation`, so the corpus and its verdicts cannot drift apart.
"""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from complaints.imports import ComplaintImportError, complaints_import
from complaints.models import Complaint, Evidence
from supervision.entities.models import Lender, Mandate
from supervision.entities.services import RegisterImportError, register_import
from supervision.reporting.choices import ReportStatus
from supervision.reporting.models import Report
from supervision.reporting.services import report_submit
from tests.complaints.helpers import complaint_data
from tests.reporting.builders import accounts_csv, contacts_csv

FILES = Path(__file__).resolve().parent / "corpus" / "files"
OCTOBER = dt.date(2026, 10, 1)
pytestmark = pytest.mark.django_db

# Report files: (file, line, column, reason) that the rejection must list. Sent with a good partner file of the
# same contract version (report2-: version 2).
REPORTS = {
    "report-contacts--utf16le-bom.csv": {("contacts.csv", None, "", "utf16")},
    "report-contacts--utf16be-bom.csv": {("contacts.csv", None, "", "utf16")},
    "report-contacts--utf16-without-bom.csv": {("contacts.csv", None, "", "not_text")},
    "report-contacts--mixed-utf8-and-gbk.csv": {("contacts.csv", 3, "", "mixed_encoding")},
    "report-contacts--double-bom.csv": {("contacts.csv", 1, "record_id", "missing_column"),
                                        ("contacts.csv", 1, "\ufeffrecord_id", "unknown_column")},
    "report-accounts--gbk-with-bad-balance.csv": {("accounts.csv", 2, "balance", "not_a_decimal")},
    "report-contacts--empty.csv": {("contacts.csv", None, "", "empty_file")},
    "report-contacts--only-whitespace.csv": {("contacts.csv", None, "", "empty_file")},
    "report-contacts--semicolons.csv": {("contacts.csv", 1, "", "wrong_delimiter")},
    "report-contacts--unknown-column.csv": {("contacts.csv", 1, "borrower_phone", "unknown_column")},
    "report-contacts--missing-column.csv": {("contacts.csv", 1, "outcome", "missing_column")},
    "report-contacts--duplicate-column.csv": {("contacts.csv", 1, "", "duplicate_column")},
    "report-contacts--too-many-cells.csv": {("contacts.csv", 2, "", "too_many_cells")},
    "report-contacts--quoted-newline-in-id.csv": {("contacts.csv", 2, "collector_id", "control_characters")},
    "report-contacts--unclosed-quote.csv": {("contacts.csv", 2, "collector_id", "bad_quoting")},
    "report-contacts--nul-bytes.csv": {("contacts.csv", None, "", "not_text")},
    "report-contacts--png-named-csv.csv": {("contacts.csv", None, "", "not_text")},
    "report-contacts--huge-cell.csv": {("contacts.csv", 2, "collector_id", "too_long")},
    "report-contacts--far-future-date.csv": {("contacts.csv", 2, "started_at", "outside_period")},
    "report-contacts--far-past-date.csv": {("contacts.csv", 2, "started_at", "outside_period")},
    "report-contacts--timestamp-without-offset.csv": {("contacts.csv", 2, "started_at", "timestamp_without_offset")},
    "report-contacts--impossible-timestamp.csv": {("contacts.csv", 2, "started_at", "not_a_timestamp")},
    "report-contacts--negative-duration.csv": {("contacts.csv", 2, "duration_s", "not_an_integer")},
    "report-contacts--huge-duration.csv": {("contacts.csv", 2, "duration_s", "not_an_integer")},
    "report-contacts--sql-in-lender-code.csv": {("contacts.csv", 2, "lender_code", "unknown_lender")},
    "report-contacts--formula-in-channel.csv": {("contacts.csv", 2, "channel", "not_in_choices")},
    "report-contacts--html-in-outcome.csv": {("contacts.csv", 2, "outcome", "not_in_choices")},
    "report-accounts--negative-balance.csv": {("accounts.csv", 2, "balance", "negative")},
    "report-accounts--huge-balance.csv": {("accounts.csv", 2, "balance", "not_a_decimal")},
    "report-accounts--nan-balance.csv": {("accounts.csv", 2, "balance", "not_a_decimal")},
    "report-accounts--fractional-overdue-days.csv": {("accounts.csv", 2, "overdue_days", "not_an_integer")},
    "report-accounts--impossible-date.csv": {("accounts.csv", 2, "placed_on", "not_a_date")},
    "report-accounts--deferral-reversed.csv": {("accounts.csv", 2, "deferral_to", "deferral_reversed")},
    "report2-contacts--version-1-header.csv": {("contacts.csv", 1, "recording_ref", "missing_column"),
                                               ("contacts.csv", 1, "contact_source", "missing_column")},
    "report2-contacts--source-missing-for-a-third-party.csv": {("contacts.csv", 2, "contact_source",
                                                                "contact_source_required")},
    "report2-contacts--source-for-the-debtor.csv": {("contacts.csv", 2, "contact_source", "contact_source_for_debtor")},
    "report2-contacts--source-not-a-choice.csv": {("contacts.csv", 2, "contact_source", "not_in_choices")},
    "report2-contacts--recording-ref-too-long.csv": {("contacts.csv", 2, "recording_ref", "text_too_long")},
    "report2-contacts--recording-ref-with-line-break.csv": {("contacts.csv", 2, "recording_ref",
                                                             "control_characters")},
    "report2-accounts--stop-lifted-without-request.csv": {("accounts.csv", 2, "stop_lifted_on",
                                                           "stop_lift_without_request")},
    "report2-accounts--stop-lifted-before-request.csv": {("accounts.csv", 2, "stop_lifted_on",
                                                          "stop_lift_before_request")},
    "report2-accounts--stop-requested-not-a-date.csv": {("accounts.csv", 2, "stop_requested_on", "not_a_date")},
    "report-accounts--zip-bomb.xlsx": {("accounts.csv", None, "", "bad_xlsx")},
    "report-accounts--truncated-xlsx.xlsx": {("accounts.csv", None, "", "bad_xlsx")},
}

# JSON bodies for POST /api/v1/complaints/: the fields the 400 must name.
COMPLAINT_BODIES = {
    "complaint--body-is-a-list.json": {"non_field_errors"},
    "complaint--not-json.json": {"detail"},
    "complaint--narrative-too-long.json": {"narrative"},
    "complaint--nul-in-narrative.json": {"narrative"},
    "complaint--far-future-date.json": {"occurred_on"},
    "complaint--far-past-date.json": {"occurred_on"},
    "complaint--impossible-date.json": {"occurred_on"},
    "complaint--sql-in-lender.json": {"lender"},
    "complaint--unknown-category.json": {"categories"},
    "complaint--phone-with-letters.json": {"complainant_phone"},
    "complaint--huge-name.json": {"complainant_name"},
    "complaint--bad-email.json": {"complainant_email"},
}

# Evidence files attached to an otherwise good complaint: all refused by content, whatever their name.
EVIDENCE = {
    "evidence--text-named-jpg.jpg", "evidence--php-named-png.png", "evidence--svg-with-script.svg",
    "evidence--html-named-pdf.pdf", "evidence--windows-exe-named-mp3.mp3", "evidence--zip-named-jpg.jpg",
}

# Register and complaint imports: (file, line, column) of each error.
IMPORTS = {
    "register-lenders--bad-check-digit.csv": {("lenders.csv", 2, "credit_code")},
    "register-lenders--utf16.csv": {("lenders.csv", None, "")},
    "register-lenders--unknown-type-and-province.csv": {("lenders.csv", 2, "type"), ("lenders.csv", 2, "province")},
    "register-lenders--path-traversal-code.csv": {("lenders.csv", 2, "code")},
    "register-mandates--reversed-dates.csv": {("mandates.csv", 2, "valid_to")},
    "complaints-native--far-future-date.csv": {("complaints.csv", 2, "received_at")},
}


def corpus(name: str) -> bytes:
    return (FILES / name).read_bytes()


def test_every_corpus_file_has_an_expectation():
    files = {path.name for path in FILES.iterdir()}
    expected = set(REPORTS) | set(COMPLAINT_BODIES) | EVIDENCE | set(IMPORTS)
    assert files == expected
    assert len(files) >= 40


def _nothing_stored_of(report: Report, data_root: Path) -> None:
    assert report.status == ReportStatus.REJECTED
    assert report.accounts_parquet == report.contacts_parquet == ""
    assert not list((data_root / "reports" / "parquet").rglob("*.parquet"))
    assert not Report.objects.filter(status=ReportStatus.ACCEPTED).exists()


@pytest.fixture
def rejected_report(agency_a, lender_a, mandate_a, django_capture_on_commit_callbacks):
    """Submit a corpus file as the report file its name says, with a good partner file; validated at once."""

    def submit(name: str) -> Report:
        version = 2 if name.startswith("report2-") else 1
        files = {"accounts": io.BytesIO(accounts_csv(version=version)),
                 "contacts": io.BytesIO(contacts_csv(version=version))}
        files["accounts" if name.startswith(("report-accounts", "report2-accounts")) else "contacts"] = io.BytesIO(
            corpus(name))
        with django_capture_on_commit_callbacks(execute=True):
            report, _ = report_submit(submitter=agency_a, period=OCTOBER, **files)
        report.refresh_from_db()
        return report

    return submit


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_report_file_is_rejected_with_its_specific_error(name, rejected_report, data_root):
    report = rejected_report(name)
    listed = {(error["file"], error["line"], error["column"], error["reason"]) for error in report.errors_preview}
    assert REPORTS[name] <= listed, listed
    _nothing_stored_of(report, data_root)


def test_formula_in_a_rejected_cell_is_neutralised_in_the_errors_csv(client, alice_agency, rejected_report):
    report = rejected_report("report-contacts--formula-in-channel.csv")
    client.force_login(alice_agency)
    text = b"".join(client.get(reverse("reporting:report_errors", args=[report.pk])).streaming_content).decode()
    assert "'=cmd|' /C calc'!A0" in text
    assert ",=cmd" not in text


def test_markup_in_a_rejected_cell_is_escaped_on_the_report_page(client, alice_agency, rejected_report):
    report = rejected_report("report-contacts--html-in-outcome.csv")
    client.force_login(alice_agency)
    html = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html


@pytest.mark.parametrize("name", sorted(COMPLAINT_BODIES))
def test_complaint_body_is_refused_naming_the_field(name, api, lender_a, agency_a):
    response = api.post("/api/v1/complaints/", corpus(name), content_type="application/json")
    assert response.status_code == 400, response.content
    assert COMPLAINT_BODIES[name] <= set(response.json()), response.json()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("name", sorted(EVIDENCE))
def test_evidence_is_refused_by_its_content(name, api, lender_a, agency_a):
    body = complaint_data(categories=["contact_blasting"]) | {"evidence": [SimpleUploadedFile(name, corpus(name))]}
    response = api.post("/api/v1/complaints/", body, format="multipart")
    assert response.status_code == 400
    [message] = response.json()["evidence"]
    assert name[:20] in message and ("not an image" in message or "不是" in message)
    assert not Complaint.objects.exists() and not Evidence.objects.exists()


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_import_file_is_refused_row_by_row_and_nothing_is_saved(name, lender_a, agency_a):
    lenders_before = Lender.objects.count()
    with pytest.raises((RegisterImportError, ComplaintImportError)) as caught:
        if name.startswith("complaints-native"):
            complaints_import(source=io.BytesIO(corpus(name)), file_format="native")
        else:
            kind = name.split("--")[0].removeprefix("register-")
            register_import(**{kind: io.BytesIO(corpus(name))})
    found = {(error.file, error.line, error.column) for error in caught.value.errors}
    assert IMPORTS[name] <= found, found
    assert Lender.objects.count() == lenders_before and not Mandate.objects.exists() and not Complaint.objects.exists()


def test_evidence_name_with_path_traversal_is_stored_under_a_safe_name(api, lender_a, agency_a, settings):
    body = complaint_data(categories=["contact_blasting"]) | {
        "evidence": [SimpleUploadedFile("../../../../etc/cron.d/x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)]}
    assert api.post("/api/v1/complaints/", body, format="multipart").status_code == 201
    stored = Path(Evidence.objects.get().file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve()) and ".." not in Evidence.objects.get().file.name


def test_markup_in_a_narrative_and_a_name_is_escaped_wherever_it_is_shown(api, client, sam_supervisor, lender_a,
                                                                         agency_a):
    """Stored as written, shown as text: the detail page, the list and the dashboard's Plotly labels."""
    script = "<script>alert('x')</script>"
    lender_a.name = f"甲消费金融{script}"
    lender_a.save()
    body = json.dumps(complaint_data(narrative=f"他们这样威胁我{script}", collector_name=script)).encode()
    assert api.post("/api/v1/complaints/", body, content_type="application/json").status_code == 201
    complaint = Complaint.objects.get()
    client.force_login(sam_supervisor)
    call_command("refresh_dashboard")
    month = timezone.localtime(complaint.received_at).strftime("%Y-%m")  # the local month counts, not UTC's
    pages = [client.get(reverse("complaints:complaint_detail", args=[complaint.pk])),
             client.get(reverse("complaints:complaint_list")),
             client.get(reverse("dashboard:overview"), {"from": month, "to": month})]
    for response in pages:
        assert response.status_code == 200
        assert script not in response.content.decode()
    assert "&lt;script&gt;" in pages[0].content.decode()
    # In the chart's JSON, the label is HTML-escaped (Plotly renders markup) and JSON-escaped (no "</script>").
    assert "\\u0026lt;script\\u0026gt;" in pages[2].content.decode()


def test_formula_in_a_complaint_is_neutralised_in_the_export(api, client, sam_supervisor, lender_a, agency_a):
    body = json.dumps(complaint_data(collector_name="=HYPERLINK(\"http://evil.example\",\"x\")")).encode()
    assert api.post("/api/v1/complaints/", body, content_type="application/json").status_code == 201
    client.force_login(sam_supervisor)
    text = b"".join(client.get(reverse("complaints:complaint_export")).streaming_content).decode()
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
