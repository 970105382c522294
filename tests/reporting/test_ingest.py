"""The file checks and the Parquet output of ingest_report, without Django."""

import datetime as dt
import hashlib
import hmac
import io

import duckdb
import pytest
from openpyxl import Workbook

from supervision.reporting.ingest import FileLevelError, ReportContext, ingest_report
from tests.reporting.builders import (
    ACCOUNTS_HEADER,
    ACCOUNTS_HEADER_V2,
    CONTACTS_HEADER,
    CONTACTS_HEADER_V2,
    account,
    accounts_csv,
    contact,
    contacts_csv,
    csv_bytes,
)

KEY = b"test-pseudonym-key"
CONTEXT = ReportContext(period=dt.date(2026, 10, 1), lender_codes=["LA", "LB"], submitter_code="AA", pseudonym_key=KEY)


@pytest.fixture
def ingest(tmp_path):
    def run(accounts: bytes, contacts: bytes, context=CONTEXT):
        (tmp_path / "in").mkdir(exist_ok=True)
        accounts_path, contacts_path = tmp_path / "in" / "accounts", tmp_path / "in" / "contacts"
        accounts_path.write_bytes(accounts)
        contacts_path.write_bytes(contacts)
        return ingest_report(
            accounts=accounts_path, contacts=contacts_path, context=context,
            accounts_target=tmp_path / "out" / "accounts.parquet", contacts_target=tmp_path / "out" / "contacts.parquet",
            errors_target=tmp_path / "out" / "errors.csv", scratch_root=tmp_path / "scratch",
        )

    return run


def problems(result) -> set[tuple]:
    return {(error.file, error.line, error.column, error.reason) for error in result.errors_preview}


def file_problems(caught) -> set[tuple]:
    return {(error.file, error.column, error.reason) for error in caught.value.errors}


def token(value: str) -> int:
    return int(hmac.new(KEY, value.encode(), hashlib.sha256).hexdigest()[:16], 16)


def test_good_report_is_written_with_pseudonyms_and_local_time(ingest, tmp_path):
    result = ingest(
        accounts_csv(account(), account("ACC2", debtor_ref="D2", deferral_from="2026-10-01", deferral_to="2026-10-09")),
        contacts_csv(
            contact(),
            contact("R2", contact_party="family", contact_ref="P9", started_at="2026-10-06T22:15:30+08:00"),
            contact("R3", "ACC2", "D2", started_at="2026-10-31T23:59:59Z", channel="sms", outcome="delivered"),
        ),
    )
    assert result.accepted and (result.accounts_rows, result.contacts_rows) == (2, 3)
    rows = duckdb.sql(
        f"SELECT record_id, agency_code, debtor_token, contact_token, local_date, local_second_of_day "
        f"FROM '{result.contacts_parquet}' ORDER BY record_id"
    ).fetchall()
    assert rows == [
        ("R1", "AA", token("D1"), token("D1"), dt.date(2026, 10, 5), 10 * 3600),
        ("R2", "AA", token("D1"), token("P9"), dt.date(2026, 10, 6), 22 * 3600 + 15 * 60 + 30),
        ("R3", "AA", token("D2"), token("D2"), dt.date(2026, 10, 31), 86399),
    ]
    # Contacts by lender, ISO weekday and local hour, for the dashboard: Monday 10h, Tuesday 22h, Saturday 23h.
    assert result.contact_hours == [("LA", 1, 10, 1), ("LA", 2, 22, 1), ("LA", 6, 23, 1)]


def test_raw_person_identifiers_never_reach_the_parquet_files(ingest):
    result = ingest(accounts_csv(account(debtor_ref="110101199001011234")),
                    contacts_csv(contact(debtor_ref="110101199001011234", contact_ref="110101199001011234")))
    for path in (result.accounts_parquet, result.contacts_parquet):
        assert b"110101199001011234" not in path.read_bytes()


def test_conduct_is_not_a_file_error(ingest):
    """Night calls and calls during a deferral are accepted here and measured by the metrics."""
    result = ingest(
        accounts_csv(account(deferral_from="2026-10-01", deferral_to="2026-10-31", settled_on="2026-09-30")),
        contacts_csv(contact(started_at="2026-10-05T03:00:00+08:00"), contact("R2", lender_code="LB", account_ref="ACC1")),
    )
    # R2 names another lender than its account: that *is* a file error (the account row is the truth).
    assert problems(result) == {("contacts.csv", 3, "lender_code", "account_mismatch")}


def test_gbk_file_is_read(ingest):
    rows = [account(debtor_ref="张三")]
    result = ingest(accounts_csv(*rows, encoding="gbk"), contacts_csv(contact(debtor_ref="张三", contact_ref="张三")))
    assert result.accepted


def test_utf8_bom_is_read(ingest):
    assert ingest(accounts_csv(bom=True), contacts_csv(bom=True)).accepted


def test_xlsx_is_read(ingest):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(CONTACTS_HEADER)
    sheet.append(list(contact(duration_s=60).values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert ingest(accounts_csv(), buffer.getvalue()).accepted


def test_wrong_delimiter_is_named(ingest):
    with pytest.raises(FileLevelError) as caught:
        ingest(accounts_csv(), contacts_csv(delimiter=";"))
    assert file_problems(caught) == {("contacts.csv", "", "wrong_delimiter")}


def test_missing_and_extra_columns_are_named(ingest):
    header = [name for name in ACCOUNTS_HEADER if name != "balance"] + ["colour"]
    with pytest.raises(FileLevelError) as caught:
        ingest(csv_bytes(header, [account()]), contacts_csv())
    assert file_problems(caught) == {("accounts.csv", "balance", "missing_column"), ("accounts.csv", "colour", "unknown_column")}


def test_empty_file_is_refused(ingest):
    with pytest.raises(FileLevelError) as caught:
        ingest(accounts_csv(), b"")
    assert file_problems(caught) == {("contacts.csv", "", "empty_file")}


def test_header_only_file_is_refused(ingest):
    with pytest.raises(FileLevelError) as caught:
        ingest(accounts_csv(), csv_bytes(CONTACTS_HEADER, []))
    assert file_problems(caught) == {("contacts.csv", "", "empty_file")}


def test_utf16_is_refused_with_advice(ingest):
    with pytest.raises(FileLevelError) as caught:
        ingest(accounts_csv(), b"\xff\xfe" + contacts_csv().decode().encode("utf-16-le"))
    assert file_problems(caught) == {("contacts.csv", "", "utf16")}


def test_quoted_line_break_in_a_cell_is_refused(ingest):
    result = ingest(accounts_csv(), contacts_csv(contact(collector_id="C1\nC2")))
    assert problems(result) == {("contacts.csv", 2, "collector_id", "control_characters")}


def test_row_with_too_many_cells_is_listed_with_its_line(ingest):
    data = contacts_csv(contact(), contact("R2")) + b"R3,LA,ACC1,D1,debtor,D1,call,2026-10-05T10:00:00+08:00,1,connected,C1,extra\n"
    result = ingest(accounts_csv(), data)
    assert problems(result) == {("contacts.csv", 4, "", "too_many_cells")}


@pytest.mark.parametrize(
    ("started_at", "reason"),
    [
        ("2026-10-05T10:00:00", "timestamp_without_offset"),
        ("2026-10-05 10:00", "timestamp_without_offset"),
        ("05/10/2026 10:00", "not_a_timestamp"),
        ("2026-13-05T10:00:00+08:00", "not_a_timestamp"),
        ("2026-11-01T00:00:00+08:00", "outside_period"),
        ("2026-09-30T23:59:59+08:00", "outside_period"),
        ("", "required"),
    ],
)
def test_bad_timestamps_are_named(ingest, started_at, reason):
    result = ingest(accounts_csv(), contacts_csv(contact(started_at=started_at)))
    assert problems(result) == {("contacts.csv", 2, "started_at", reason)}


def test_local_date_is_read_in_the_contacts_own_offset(ingest):
    """23:30 on 31 October at +08:00 is 15:30 UTC: still October, however it is converted."""
    result = ingest(accounts_csv(), contacts_csv(contact(started_at="2026-10-31T23:30:00+08:00"),
                                                 contact("R2", started_at="2026-10-01T01:00:00+0800")))
    assert result.accepted


def test_contact_for_an_unknown_account_is_named(ingest):
    result = ingest(accounts_csv(), contacts_csv(contact(), contact("R2", account_ref="ACC404")))
    assert problems(result) == {("contacts.csv", 3, "account_ref", "unknown_account")}


def test_duplicate_record_id_lists_every_copy(ingest):
    result = ingest(accounts_csv(), contacts_csv(contact("R1"), contact("R2"), contact("R1")))
    assert problems(result) == {("contacts.csv", 2, "record_id", "duplicate"), ("contacts.csv", 4, "record_id", "duplicate")}


def test_unknown_lender_and_bad_choices_and_numbers(ingest):
    result = ingest(
        accounts_csv(account(lender_code="GHOST", balance="-5", overdue_days="x", deferral_from="2026-10-01")),
        contacts_csv(contact(lender_code="GHOST", channel="fax", outcome="maybe", duration_s="-3", contact_party="boss")),
    )
    assert problems(result) >= {
        ("accounts.csv", 2, "lender_code", "unknown_lender"),
        ("accounts.csv", 2, "balance", "negative"),
        ("accounts.csv", 2, "overdue_days", "not_an_integer"),
        ("accounts.csv", 2, "deferral_to", "deferral_incomplete"),
        ("contacts.csv", 2, "channel", "not_in_choices"),
        ("contacts.csv", 2, "outcome", "not_in_choices"),
        ("contacts.csv", 2, "duration_s", "not_an_integer"),
        ("contacts.csv", 2, "contact_party", "not_in_choices"),
    }


def test_debtor_contact_must_name_the_debtor(ingest):
    result = ingest(accounts_csv(), contacts_csv(contact(contact_ref="someone-else")))
    assert problems(result) == {("contacts.csv", 2, "contact_ref", "debtor_contact_ref")}


def test_lender_reporting_in_house_may_only_report_its_own_accounts(ingest):
    context = ReportContext(period=dt.date(2026, 10, 1), lender_codes=["LA", "LB"], submitter_code="LA",
                            pseudonym_key=KEY, own_lender_code="LA")
    result = ingest(accounts_csv(account(), account("ACC2", lender_code="LB", debtor_ref="D2")),
                    contacts_csv(), context=context)
    assert problems(result) == {("accounts.csv", 3, "lender_code", "foreign_lender")}


def test_rejected_report_writes_no_parquet_and_lists_every_error(ingest, tmp_path):
    rows = [contact(f"R{n}", started_at="2026-10-05T10:00:00") for n in range(1500)]
    result = ingest(accounts_csv(), contacts_csv(*rows))
    assert result.error_count == 1500 and len(result.errors_preview) == 1000
    assert duckdb.sql(f"SELECT count(*) FROM read_csv('{result.errors_csv}')").fetchall() == [(1500,)]
    assert not (tmp_path / "out" / "contacts.parquet").exists()
    assert not (tmp_path / "out" / "accounts.parquet").exists()


# Contract version 2 (DOMAIN.md): two more columns in each file, in any order; version 1 stays valid.

def test_a_version_2_report_in_any_column_order_is_written_with_its_new_columns(ingest):
    accounts_header = list(reversed(ACCOUNTS_HEADER_V2))
    contacts_header = CONTACTS_HEADER_V2[5:] + CONTACTS_HEADER_V2[:5]
    result = ingest(
        csv_bytes(accounts_header, [account(stop_requested_on="2026-10-10", stop_lifted_on="2026-10-10")]),
        csv_bytes(contacts_header, [contact(recording_ref="录音-0001"),
                                    contact("R2", contact_party="family", contact_ref="P9", contact_source="other")]),
    )
    assert result.accepted and result.contract_version == 2
    assert duckdb.sql(f"SELECT stop_requested_on, stop_lifted_on FROM '{result.accounts_parquet}'").fetchall() == [
        (dt.date(2026, 10, 10), dt.date(2026, 10, 10))]
    assert duckdb.sql(f"SELECT record_id, recording_ref, contact_source FROM '{result.contacts_parquet}' "
                      f"ORDER BY record_id").fetchall() == [("R1", "录音-0001", None), ("R2", None, "other")]


def test_a_version_1_report_is_still_version_1(ingest):
    result = ingest(accounts_csv(), contacts_csv())
    assert result.accepted and result.contract_version == 1
    assert "recording_ref" not in duckdb.sql(f"SELECT * FROM '{result.contacts_parquet}'").columns


def test_a_report_mixing_versions_is_told_what_its_other_file_lacks(ingest):
    with pytest.raises(FileLevelError) as caught:
        ingest(accounts_csv(version=2), contacts_csv())
    assert file_problems(caught) == {("contacts.csv", "recording_ref", "missing_column"),
                                     ("contacts.csv", "contact_source", "missing_column")}
    with pytest.raises(FileLevelError) as caught:
        ingest(csv_bytes([*ACCOUNTS_HEADER, "stop_requested_on"], [account()]), contacts_csv(version=2))
    assert file_problems(caught) == {("accounts.csv", "stop_lifted_on", "missing_column")}


def test_version_2_cells_are_checked_with_their_own_reasons(ingest):
    result = ingest(
        accounts_csv(account(stop_lifted_on="2026-10-05"),
                     account("ACC2", debtor_ref="D2", stop_requested_on="2026-10-10", stop_lifted_on="2026-10-09"),
                     account("ACC3", debtor_ref="D3", stop_requested_on="10/10/2026"), version=2),
        contacts_csv(contact(contact_source="registered"),
                     contact("R2", contact_party="family", contact_ref="P9"),
                     contact("R3", contact_party="colleague", contact_ref="P8", contact_source="phonebook"),
                     contact("R4", recording_ref="录" * 129),
                     contact("R5", recording_ref="录" * 128), version=2),
    )
    assert problems(result) == {
        ("accounts.csv", 2, "stop_lifted_on", "stop_lift_without_request"),
        ("accounts.csv", 3, "stop_lifted_on", "stop_lift_before_request"),
        ("accounts.csv", 4, "stop_requested_on", "not_a_date"),
        ("contacts.csv", 2, "contact_source", "contact_source_for_debtor"),
        ("contacts.csv", 3, "contact_source", "contact_source_required"),
        ("contacts.csv", 4, "contact_source", "not_in_choices"),
        ("contacts.csv", 5, "recording_ref", "text_too_long"),
    }
    assert result.accounts_parquet is None and result.contacts_parquet is None
