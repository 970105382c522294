"""Small report files written by hand, so that every expected value is visible in the test."""

import csv
import io

ACCOUNTS_HEADER = [
    "account_ref", "lender_code", "debtor_ref", "placed_on", "overdue_days", "balance",
    "deferral_from", "deferral_to", "settled_on",
]
CONTACTS_HEADER = [
    "record_id", "lender_code", "account_ref", "debtor_ref", "contact_party", "contact_ref", "channel",
    "started_at", "duration_s", "outcome", "collector_id",
]

# Contract version 2 adds two columns to each file (DOMAIN.md).
ACCOUNTS_HEADER_V2 = [*ACCOUNTS_HEADER, "stop_requested_on", "stop_lifted_on"]
CONTACTS_HEADER_V2 = [*CONTACTS_HEADER, "recording_ref", "contact_source"]


def account(account_ref="ACC1", lender_code="LA", debtor_ref="D1", **overrides) -> dict:
    row = {
        "account_ref": account_ref, "lender_code": lender_code, "debtor_ref": debtor_ref, "placed_on": "2026-08-01",
        "overdue_days": "45", "balance": "1200.50", "deferral_from": "", "deferral_to": "", "settled_on": "",
    }
    return row | overrides


def contact(record_id="R1", account_ref="ACC1", debtor_ref="D1", **overrides) -> dict:
    row = {
        "record_id": record_id, "lender_code": "LA", "account_ref": account_ref, "debtor_ref": debtor_ref,
        "contact_party": "debtor", "contact_ref": debtor_ref, "channel": "call",
        "started_at": "2026-10-05T10:00:00+08:00", "duration_s": "60", "outcome": "connected", "collector_id": "C1",
    }
    return row | overrides


def csv_bytes(header: list[str], rows: list[dict], *, encoding="utf-8", delimiter=",", bom=False) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=header, delimiter=delimiter, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    data = text.getvalue().encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def accounts_csv(*rows, version=1, **kwargs) -> bytes:
    return csv_bytes(ACCOUNTS_HEADER_V2 if version == 2 else ACCOUNTS_HEADER, list(rows) or [account()], **kwargs)


def contacts_csv(*rows, version=1, **kwargs) -> bytes:
    """Version 2 rows leave recording_ref and contact_source empty unless given."""
    return csv_bytes(CONTACTS_HEADER_V2 if version == 2 else CONTACTS_HEADER, list(rows) or [contact()], **kwargs)
