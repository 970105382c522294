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


def test_stats_from_the_precomputed_counts_equal_the_live_count(api_as, sam_supervisor, three_complaints,
                                                                django_capture_on_commit_callbacks):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from complaints import services
    from supervision.core.months import month_end
    from supervision.dashboard.services import complaint_counts_refresh

    client = api_as(sam_supervisor)
    first = dt.date.today().replace(day=1)
    cases = [{"group_by": group_by} for group_by in ("lender", "agency", "province", "month", "category")] + [
        {"group_by": "lender", "category": "contact_blasting"}, {"group_by": "category", "lender": "LA"},
        {"group_by": "agency", "received_from": first.isoformat(), "received_to": month_end(first).isoformat()}]
    one, other = Complaint.objects.filter(lender__code="LA")[:2]
    services.complaint_merge(duplicate=other, into=one, by=sam_supervisor)  # counted once, both ways
    live = [client.get("/api/v1/complaints/stats/", case).json() for case in cases]
    assert live[0] == [{"key": "LA", "name": "甲消费金融有限公司", "complaints": 1},
                       {"key": "LB", "name": "乙网络小额贷款有限公司", "complaints": 1}]
    with django_capture_on_commit_callbacks(execute=True):
        complaint_counts_refresh()
    for case, expected in zip(cases, live, strict=True):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/complaints/stats/", case).json() == expected, case
        assert all("complaints_complaint" not in query["sql"] for query in queries), case  # not counted live

    client.post("/api/v1/complaints/", complaint_data(), format="json")  # counted at once, live, until recounted
    assert client.get("/api/v1/complaints/stats/", {"group_by": "lender"}).json()[0]["complaints"] == 2


def test_stats_count_live_what_the_monthly_counts_cannot_answer(api_as, sam_supervisor, three_complaints,
                                                                 django_capture_on_commit_callbacks):
    from supervision.dashboard.complaint_stats import precomputed_counts
    from supervision.dashboard.services import complaint_counts_refresh

    with django_capture_on_commit_callbacks(execute=True):
        complaint_counts_refresh()
    for params, group_by in (({"status": "received"}, "lender"), ({"q": "催收"}, "lender"),
                             ({"received_from": "2026-10-02"}, "lender"), ({"category": "quiet_hours"}, "category")):
        assert precomputed_counts(params=params, group_by=group_by) is None, params
    assert precomputed_counts(params={"category": "quiet_hours"}, group_by="lender") is not None
