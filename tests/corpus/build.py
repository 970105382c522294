"""Writes the hostile and broken inputs of tests/corpus/files/ (run it again after changing a case).

    .venv/bin/python -m tests.corpus.build

Each file is named `<target>--<case>.<ext>`; tests/test_bad_input_corpus.py holds what each must
produce. Targets: report-accounts / report-contacts (a report file, sent with a good partner file; report2-: version 2),
complaint (a JSON body for POST /api/v1/complaints/), evidence (a file attached to a good complaint),
register-lenders / register-mandates (import_register files), complaints-native (import_complaints).
"""

import io
import json
import zipfile
from pathlib import Path

from tests.reporting.builders import CONTACTS_HEADER, account, accounts_csv, contact, contacts_csv, csv_bytes

FILES = Path(__file__).resolve().parent / "files"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
GOOD_COMPLAINT = {
    "complainant_role": "relative", "lender": "LA", "collector_kind": "agency", "agency": "AA",
    "categories": ["contact_blasting"], "occurred_on": "2026-10-03", "channel": "call",
    "narrative": "催收员给我打电话，说我表哥欠钱不还，让我转告他。", "consent_to_share": False,
}
LENDERS_HEADER = "code,name,type,credit_code,licence_no,province\n"


def contacts(**overrides) -> bytes:
    return contacts_csv(contact(**overrides))


def accounts(**overrides) -> bytes:
    return accounts_csv(account(**overrides))


def zip_bomb() -> bytes:
    """A 'workbook' whose single sheet inflates to 64 MB of zeros from a few dozen kilobytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (64 * 1024 * 1024))
    return buffer.getvalue()


def complaint(**overrides) -> bytes:
    return json.dumps(GOOD_COMPLAINT | overrides, ensure_ascii=False).encode()


good_header = ",".join(CONTACTS_HEADER)
good_row = contacts().decode().splitlines()[1]

CASES: dict[str, bytes] = {
    # Encodings and byte-order marks
    "report-contacts--utf16le-bom.csv": b"\xff\xfe" + contacts().decode().encode("utf-16-le"),
    "report-contacts--utf16be-bom.csv": b"\xfe\xff" + contacts().decode().encode("utf-16-be"),
    "report-contacts--utf16-without-bom.csv": contacts().decode().encode("utf-16-le"),
    "report-contacts--mixed-utf8-and-gbk.csv": contacts_csv(contact(collector_id="催收员甲"), contact("R2", collector_id="催收员乙"))
    .replace("催收员乙".encode(), "催收员乙".encode("gbk")),
    "report-contacts--double-bom.csv": b"\xef\xbb\xbf\xef\xbb\xbf" + contacts(),
    "report-accounts--gbk-with-bad-balance.csv": accounts_csv(account(debtor_ref="张三", balance="一千元"), encoding="gbk"),
    # Structure
    "report-contacts--empty.csv": b"",
    "report-contacts--only-whitespace.csv": b"\n\n   \n",
    "report-contacts--semicolons.csv": csv_bytes(CONTACTS_HEADER, [contact()], delimiter=";"),
    "report-contacts--unknown-column.csv": (good_header + ",borrower_phone\n" + good_row + ",13812345678\n").encode(),
    "report-contacts--missing-column.csv": csv_bytes([c for c in CONTACTS_HEADER if c != "outcome"], [contact()]),
    "report-contacts--duplicate-column.csv": (good_header + ",channel\n" + good_row + ",call\n").encode(),
    "report-contacts--too-many-cells.csv": (good_header + "\n" + good_row + ",extra\n").encode(),
    "report-contacts--quoted-newline-in-id.csv": contacts(collector_id="C1\nC2"),
    "report-contacts--unclosed-quote.csv": (good_header + "\n" + good_row.replace(",C1", ',"C1') + "\n").encode(),
    "report-contacts--nul-bytes.csv": contacts().replace(b"C1", b"C\x001"),
    "report-contacts--png-named-csv.csv": PNG,
    "report-contacts--huge-cell.csv": contacts(collector_id="C" * 300_000),
    # Values
    "report-contacts--far-future-date.csv": contacts(started_at="9999-12-31T10:00:00+08:00"),
    "report-contacts--far-past-date.csv": contacts(started_at="0001-01-01T10:00:00+08:00"),
    "report-contacts--timestamp-without-offset.csv": contacts(started_at="2026-10-05T10:00:00"),
    "report-contacts--impossible-timestamp.csv": contacts(started_at="2026-10-32T25:61:00+08:00"),
    "report-contacts--negative-duration.csv": contacts(duration_s="-60"),
    "report-contacts--huge-duration.csv": contacts(duration_s="99999999999999999999999999"),
    "report-contacts--sql-in-lender-code.csv": contacts(lender_code="LA'; DROP TABLE complaints_complaint; --"),
    "report-contacts--formula-in-channel.csv": contacts(channel="=cmd|' /C calc'!A0"),
    "report-contacts--html-in-outcome.csv": contacts(outcome="<img src=x onerror=alert(1)>"),
    "report-accounts--negative-balance.csv": accounts(balance="-100.00"),
    "report-accounts--huge-balance.csv": accounts(balance="1" + "0" * 30),
    "report-accounts--nan-balance.csv": accounts(balance="NaN"),
    "report-accounts--fractional-overdue-days.csv": accounts(overdue_days="45.5"),
    "report-accounts--impossible-date.csv": accounts(placed_on="2026-02-30"),
    "report-accounts--deferral-reversed.csv": accounts(deferral_from="2026-10-20", deferral_to="2026-10-01"),
    # Contract version 2 (sent with a good version 2 partner file: names start report2-)
    "report2-contacts--version-1-header.csv": contacts(),
    "report2-contacts--source-missing-for-a-third-party.csv": contacts_csv(
        contact(contact_party="family", contact_ref="P1"), version=2),
    "report2-contacts--source-for-the-debtor.csv": contacts_csv(contact(contact_source="registered"), version=2),
    "report2-contacts--source-not-a-choice.csv": contacts_csv(
        contact(contact_party="colleague", contact_ref="P2", contact_source="通讯录"), version=2),
    "report2-contacts--recording-ref-too-long.csv": contacts_csv(contact(recording_ref="R" * 129), version=2),
    "report2-contacts--recording-ref-with-line-break.csv": contacts_csv(contact(recording_ref="REC\n1"), version=2),
    "report2-accounts--stop-lifted-without-request.csv": accounts_csv(account(stop_lifted_on="2026-10-05"), version=2),
    "report2-accounts--stop-lifted-before-request.csv": accounts_csv(
        account(stop_requested_on="2026-10-10", stop_lifted_on="2026-10-09"), version=2),
    "report2-accounts--stop-requested-not-a-date.csv": accounts_csv(account(stop_requested_on="next week"), version=2),
    "report-accounts--zip-bomb.xlsx": zip_bomb(),
    "report-accounts--truncated-xlsx.xlsx": b"PK\x03\x04" + b"\x14\x00" * 40,
    # Complaint bodies (JSON)
    "complaint--body-is-a-list.json": b'[{"narrative": "x"}]',
    "complaint--not-json.json": b"{'narrative': 'single quotes are not JSON'",
    "complaint--narrative-too-long.json": complaint(narrative="催" * 20_001),
    "complaint--nul-in-narrative.json": complaint(narrative="他们半夜打电话\u0000"),
    "complaint--far-future-date.json": complaint(occurred_on="9999-12-31"),
    "complaint--far-past-date.json": complaint(occurred_on="1900-01-01"),
    "complaint--impossible-date.json": complaint(occurred_on="2026-02-30"),
    "complaint--sql-in-lender.json": complaint(lender="LA' OR '1'='1"),
    "complaint--unknown-category.json": complaint(categories=["contact_blasting", "'; DROP TABLE x; --"]),
    "complaint--phone-with-letters.json": complaint(complainant_phone="1381234567<script>"),
    "complaint--huge-name.json": complaint(complainant_name="张" * 10_000),
    "complaint--bad-email.json": complaint(complainant_email="a@b@c"),
    # Evidence attached to a good complaint
    "evidence--text-named-jpg.jpg": b"this is not an image at all",
    "evidence--php-named-png.png": b"<?php system($_GET['c']); ?>",
    "evidence--svg-with-script.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "evidence--html-named-pdf.pdf": b"<html><script>alert(1)</script></html>",
    "evidence--windows-exe-named-mp3.mp3": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64,
    "evidence--zip-named-jpg.jpg": b"PK\x03\x04" + b"\x00" * 64,
    # Register and complaint imports
    "register-lenders--bad-check-digit.csv": (LENDERS_HEADER + "LX,某某银行,bank,91110000100000000X,L1,BJ\n").encode(),
    "register-lenders--utf16.csv": b"\xff\xfe" + (LENDERS_HEADER + "LX,某某银行,bank,,L1,BJ\n").encode("utf-16-le"),
    "register-lenders--unknown-type-and-province.csv": (LENDERS_HEADER + "LX,某某银行,pawnshop,,L1,XX\n").encode(),
    "register-lenders--path-traversal-code.csv": (LENDERS_HEADER + "../../etc,某某银行,bank,,L1,BJ\n").encode(),
    "register-mandates--reversed-dates.csv": b"lender_code,agency_code,valid_from,valid_to\nLA,AA,2026-12-31,2026-01-01\n",
    "complaints-native--far-future-date.csv": (
        "external_id,received_at,complainant_role,lender_code,lender_name,agency_code,collector_name,categories,"
        "occurred_on,channel,narrative,region,consent_to_share,jrt_codes\n"
        "X1,9999-12-31T10:00:00+08:00,borrower,LA,,AA,,quiet_hours,9999-12-30,call,半夜打电话,GD,false,\n"
    ).encode(),
}


def main() -> None:
    FILES.mkdir(exist_ok=True)
    for stale in FILES.iterdir():
        stale.unlink()
    for name, content in CASES.items():
        (FILES / name).write_bytes(content)
    print(f"{len(CASES)} files in {FILES}")


if __name__ == "__main__":
    main()
