"""Counts computed by the database, the CSV export, and imports (native and CFPB)."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from complaints.imports import ComplaintImportError, cfpb_category, complaints_import
from complaints.models import Complaint
from supervision.entities.models import Lender
from tests.complaints.helpers import complaint_data

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
CFPB_SAMPLE = SHARED / "cfpb_complaints_2015_2020_sample.csv"


@pytest.fixture
def three_complaints(api, lender_a, lender_b, agency_a):
    api.post("/api/v1/complaints/", complaint_data(), format="json")
    api.post("/api/v1/complaints/", complaint_data(categories=["contact_blasting"]), format="json")
    api.post("/api/v1/complaints/", complaint_data(lender="LB", agency="", collector_kind="lender",
                                                   categories=["quiet_hours"]), format="json")


@pytest.mark.parametrize(
    ("group_by", "expected"),
    [
        ("lender", [("LA", 2), ("LB", 1)]),
        ("agency", [("AA", 2), (None, 1)]),
        ("category", [("quiet_hours", 2), ("contact_blasting", 1), ("threats_insults", 1)]),
    ],
)
def test_stats_count_per_grouping(api_as, sam_supervisor, three_complaints, group_by, expected):
    rows = api_as(sam_supervisor).get("/api/v1/complaints/stats/", {"group_by": group_by}).json()
    assert [(row["key"], row["complaints"]) for row in rows] == expected


def test_stats_by_month_and_with_filters(api_as, sam_supervisor, three_complaints):
    client = api_as(sam_supervisor)
    [row] = client.get("/api/v1/complaints/stats/", {"group_by": "month"}).json()
    assert row["complaints"] == 3 and len(row["key"]) == 7
    rows = client.get("/api/v1/complaints/stats/", {"group_by": "lender", "category": "contact_blasting"}).json()
    assert [(row["key"], row["complaints"]) for row in rows] == [("LA", 1)]


def test_stats_refuses_an_unknown_grouping(api_as, sam_supervisor):
    assert api_as(sam_supervisor).get("/api/v1/complaints/stats/", {"group_by": "colour"}).status_code == 400


def test_stats_are_for_regulators(api_as, alice_agency):
    assert api_as(alice_agency).get("/api/v1/complaints/stats/", {"group_by": "lender"}).status_code == 403


def test_csv_export_has_no_personal_data_and_neutralises_formulas(client, sam_supervisor, three_complaints, api):
    api.post("/api/v1/complaints/", complaint_data(lender="", lender_name="=HYPERLINK(\"http://x\")"), format="json")
    client.force_login(sam_supervisor)
    text = b"".join(client.get("/complaints/export.csv").streaming_content).decode()
    assert text.count("\n") == 5
    assert "13812345678" not in text and "张三" not in text
    assert "'=HYPERLINK" in text


def test_cfpb_issue_mapping_follows_the_domain_table():
    assert cfpb_category("Communication tactics", "Frequent or repeated calls") == "excessive_frequency"
    assert cfpb_category("Threatened to contact someone or share information improperly",
                         "Talked to a third-party about your debt") == "third_party_harassment"
    assert cfpb_category("Improper contact or sharing of info", "Contacted employer after asked not to") == (
        "third_party_harassment")
    assert cfpb_category("Attempts to collect debt not owed", "Debt was paid") == "post_settlement"
    assert cfpb_category("Written notification about debt", "Didn't receive notice") == "debt_information"
    assert cfpb_category("Communication tactics", "Something not in the table") == "other"


@pytest.mark.skipif(not CFPB_SAMPLE.exists(), reason="the CFPB sample is not beside the repository")
def test_cfpb_sample_imports_debt_collection_rows_once():
    out = io.StringIO()
    call_command("import_complaints", CFPB_SAMPLE, file_format="cfpb", stdout=out)
    assert "1231 complaints imported" in out.getvalue()
    assert Complaint.objects.count() == 1231
    assert Complaint.objects.filter(category_rows__code="third_party_harassment").exists()
    assert Lender.objects.filter(code__startswith="US-").count() > 100
    call_command("import_complaints", CFPB_SAMPLE, file_format="cfpb", stdout=out)
    assert Complaint.objects.count() == 1231
    # Narratives are kept only where the consumer consented to publish them.
    assert not Complaint.objects.filter(consent_to_share=False).exclude(narrative="").exists()


NATIVE_HEADER = ("external_id,received_at,complainant_role,lender_code,lender_name,agency_code,collector_name,"
                 "categories,occurred_on,channel,narrative,region,consent_to_share,jrt_codes\n")


def test_native_import_with_bad_rows_reports_them_all_and_stores_none(lender_a):
    text = NATIVE_HEADER + (
        "H1,2026-10-02,borrower,LA,,,,quiet_hours,2026-10-01,call,半夜来电,广东,no,\n"
        "H2,2026-10-02,borrower,GHOST,,,,quiet_hours,,call,x,,no,\n"
        "H3,2999-01-01,alien,LA,,,,made_up,,fax,x,,maybe,\n"
    )
    with pytest.raises(ComplaintImportError) as caught:
        complaints_import(source=io.BytesIO(text.encode()), file_format="native")
    problems = {(error.line, error.column) for error in caught.value.errors}
    assert problems == {(3, "lender_code"), (4, "received_at"), (4, "complainant_role"), (4, "categories"),
                        (4, "channel"), (4, "consent_to_share")}
    assert not Complaint.objects.exists()


def test_native_import_keeps_jrt_codes_and_is_idempotent(lender_a, agency_a):
    text = NATIVE_HEADER + "H1,2026-10-02,relative,LA,,AA,,third_party_harassment;quiet_hours,2026-10-01,call,打给我妈,GD,yes,B07;C0301\n"
    for _ in range(2):
        complaints_import(source=io.BytesIO(text.encode("gbk")), file_format="native")
    complaint = Complaint.objects.get()
    assert (complaint.jrt_codes, complaint.region, complaint.agency.code) == ("B07;C0301", "GD", "AA")


def test_import_command_fails_with_row_errors(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(NATIVE_HEADER + "H1,not-a-date,borrower,,名字,,,other,,,x,,no,\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_complaints", path, stderr=err)
    assert "received_at" in err.getvalue()


def test_date_filters_use_local_days(api_as, sam_supervisor, three_complaints):
    import datetime as dt

    client = api_as(sam_supervisor)
    today = dt.date.today().isoformat()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert client.get("/api/v1/complaints/", {"received_from": today, "received_to": today}).json()["count"] == 3
    assert client.get("/api/v1/complaints/", {"received_from": tomorrow}).json()["count"] == 0
