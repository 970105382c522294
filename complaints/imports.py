"""Importing complaints received elsewhere: our native layout and the CFPB database's CSV.

All or nothing: every row is checked first and every bad row reported; nothing is stored unless
all rows are good. Rows already imported (same source and external id) are skipped, so importing
the same file again adds nothing.
"""

import csv
import datetime as dt
import hashlib
import io
import secrets
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.utils import timezone

from supervision.core.provinces import province_code
from supervision.core.tabular import RowError, decode_text
from supervision.entities.choices import LenderType
from supervision.entities.models import Agency, Lender

from .choices import Category, Channel, CollectorKind, ComplainantRole, ComplaintStatus, Outcome, Source
from .models import Complaint, ComplaintCategory, ComplaintEvent, token_digest
from .services import announce_changed, narrative_fingerprint

CFPB_COLUMNS = [
    "Date received", "Product", "Sub-product", "Issue", "Sub-issue", "Consumer complaint narrative",
    "Company public response", "Company", "State", "ZIP code", "Tags", "Consumer consent provided?",
    "Submitted via", "Date sent to company", "Company response to consumer", "Timely response?",
    "Consumer disputed?", "Complaint ID",
]
NATIVE_COLUMNS = [
    "external_id", "received_at", "complainant_role", "lender_code", "lender_name", "agency_code", "collector_name",
    "categories", "occurred_on", "channel", "narrative", "region", "consent_to_share", "jrt_codes",
]

# DOMAIN.md (taxonomy version 2): CFPB "Debt collection" issue › sub-issue → our category. A sub-issue is looked up
# under its own issue first, then across issues (the same sub-issue reads the same under "Electronic communications"
# as under "Communication tactics"), then the issue alone. Pre-2017 wordings of the same sub-issue are listed beside.
CFPB_SUB_ISSUES = {
    ("", "frequent or repeated calls"): Category.EXCESSIVE_FREQUENCY,
    ("", "frequent or repeated messages"): Category.EXCESSIVE_FREQUENCY,
    ("", "called before 8am or after 9pm"): Category.QUIET_HOURS,
    ("", "contacted before 8am or after 9pm"): Category.QUIET_HOURS,
    ("", "used obscene, profane, or other abusive language"): Category.THREATS_INSULTS,
    ("", "used obscene/profane/abusive language"): Category.THREATS_INSULTS,
    ("", "you told them to stop contacting you, but they keep trying"): Category.EXCESSIVE_FREQUENCY,
    ("", "called after sent written cease of comm"): Category.EXCESSIVE_FREQUENCY,
    ("", "talked to a third-party about your debt"): Category.THIRD_PARTY_HARASSMENT,
    ("", "contacted your employer"): Category.THIRD_PARTY_HARASSMENT,
    ("", "contacted you after you asked them to stop"): Category.EXCESSIVE_FREQUENCY,
    ("", "impersonated attorney, law enforcement, or government official"): Category.IMPERSONATION,
    ("", "indicated you were committing crime by not paying debt"): Category.IMPERSONATION,
    ("attempts to collect debt not owed", "debt was paid"): Category.POST_SETTLEMENT,
    ("cont'd attempts collect debt not owed", "debt was paid"): Category.POST_SETTLEMENT,
    ("false statements or representation", "attempted to collect wrong amount"): Category.DISPUTED_DEBT,
}
CFPB_ISSUES = {
    "took or threatened to take negative or legal action": Category.THREATS_INSULTS,
    "attempts to collect debt not owed": Category.DISPUTED_DEBT,
    "cont'd attempts collect debt not owed": Category.DISPUTED_DEBT,
    "written notification about debt": Category.DEBT_INFORMATION,
    "disclosure verification of debt": Category.DEBT_INFORMATION,
    "improper contact or sharing of info": Category.THIRD_PARTY_HARASSMENT,
}
CFPB_OUTCOMES = {
    "closed with monetary relief": Outcome.UPHELD,
    "closed with non-monetary relief": Outcome.UPHELD,
    "closed with relief": Outcome.UPHELD,
    "closed with explanation": Outcome.NOT_UPHELD,
    "closed without relief": Outcome.NOT_UPHELD,
    "closed": Outcome.NOT_UPHELD,
}


class ComplaintImportError(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} bad rows; nothing was imported.")


@dataclass
class ImportResult:
    created: int = 0
    already_imported: int = 0
    skipped_other_products: int = 0
    lenders_created: list[str] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    complaint: dict
    categories: list[str]


def cfpb_category(issue: str, sub_issue: str) -> str:
    """Our category for a CFPB debt-collection issue › sub-issue (DOMAIN.md's table)."""
    issue, sub_issue = issue.strip().lower(), sub_issue.strip().lower()
    return (CFPB_SUB_ISSUES.get((issue, sub_issue)) or CFPB_SUB_ISSUES.get(("", sub_issue))
            or CFPB_ISSUES.get(issue) or Category.OTHER)


def _date(value: str) -> dt.date | None:
    value = value.strip()
    for layout in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y"):
        try:
            return dt.datetime.strptime(value, layout).date()
        except ValueError:
            continue
    return None


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def _reader(source: IO[bytes], columns: list[str], file: str) -> tuple[csv.DictReader, list[RowError]]:
    reader = csv.DictReader(io.StringIO(decode_text(source.read(), file=file), newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [RowError(1, name, "", "Required column is missing.", file) for name in columns if name not in header]
    return reader, missing


def cfpb_lender_code(company: str) -> str:
    """A stable register code for a company named in CFPB data."""
    return "US-" + hashlib.sha1(company.strip().upper().encode()).hexdigest()[:10].upper()


def _parse_cfpb(source: IO[bytes], errors: list[RowError], result: ImportResult) -> list[_Row]:
    reader, missing = _reader(source, CFPB_COLUMNS, "cfpb.csv")
    if missing:
        errors.extend(missing)
        return []
    rows, today = [], timezone.localdate()
    for line, record in enumerate(reader, start=2):
        record = {key.strip(): (value or "").strip() for key, value in record.items() if key}
        if record["Product"].lower() != "debt collection":
            result.skipped_other_products += 1
            continue
        problems = []
        received = _date(record["Date received"])
        if received is None or received > today:
            problems.append(("Date received", record["Date received"], "Not a past date (YYYY-MM-DD)."))
        if not record["Complaint ID"].isdigit():
            problems.append(("Complaint ID", record["Complaint ID"], "Not a number."))
        if not record["Company"]:
            problems.append(("Company", "", "A company is required."))
        errors.extend(RowError(line, column, value[:200], reason, "cfpb.csv") for column, value, reason in problems)
        if problems:
            continue
        sent = _date(record["Date sent to company"])
        response = record["Company response to consumer"].lower()
        outcome = CFPB_OUTCOMES.get(response)
        consent = record["Consumer consent provided?"].lower() == "consent provided"
        state = record["State"].upper()
        rows.append(_Row(line, {
            "source": Source.CFPB, "external_id": record["Complaint ID"], "receipt_no": f"CFPB-{record['Complaint ID']}",
            "received_at": _aware(received), "complainant_role": ComplainantRole.BORROWER,
            "lender_name": record["Company"], "collector_kind": CollectorKind.UNKNOWN,
            "narrative": record["Consumer complaint narrative"][:5000] if consent else "",
            "region": f"US-{state}" if len(state) == 2 and state.isalpha() else "",
            "consent_to_share": consent,
            "status": ComplaintStatus.CLOSED if outcome else (
                ComplaintStatus.FORWARDED if sent else ComplaintStatus.RECEIVED),
            "outcome": outcome or "",
            "forwarded_at": _aware(sent) if sent else None,
            "source_detail": {key: record[key] for key in (
                "Product", "Sub-product", "Issue", "Sub-issue", "Company public response", "Tags", "Submitted via",
                "Company response to consumer", "Timely response?", "Consumer disputed?")},
        }, [cfpb_category(record["Issue"], record["Sub-issue"])]))
    return rows


def _checker(line: int, record: dict, problems: list[RowError]):
    def check(ok: bool, column: str, reason: str) -> None:
        if not ok:
            problems.append(RowError(line, column, record.get(column, "")[:200], reason, "complaints.csv"))

    return check


def _parse_native(source: IO[bytes], errors: list[RowError], result: ImportResult) -> list[_Row]:
    reader, missing = _reader(source, NATIVE_COLUMNS, "complaints.csv")
    if missing:
        errors.extend(missing)
        return []
    lenders = dict(Lender.objects.values_list("code", "pk"))
    agencies = dict(Agency.objects.values_list("code", "pk"))
    rows, today = [], timezone.localdate()
    for line, record in enumerate(reader, start=2):
        record = {key.strip(): (value or "").strip() for key, value in record.items() if key}
        problems = []
        check = _checker(line, record, problems)

        received = _date(record["received_at"][:10])
        occurred = _date(record["occurred_on"]) if record["occurred_on"] else None
        categories = [code.strip() for code in record["categories"].split(";") if code.strip()]
        check(bool(record["external_id"]) and len(record["external_id"]) <= 64, "external_id", "Required, at most 64 characters.")
        check(received is not None and received <= today, "received_at", "Not a past date (YYYY-MM-DD).")
        check(record["complainant_role"] in ComplainantRole.values, "complainant_role", "Not one of the allowed values.")
        check(not record["lender_code"] or record["lender_code"] in lenders, "lender_code",
              "No lender has this code in the register.")
        check(bool(record["lender_code"] or record["lender_name"]), "lender_name", "Give lender_code or lender_name.")
        check(not record["agency_code"] or record["agency_code"] in agencies, "agency_code",
              "No agency has this code in the register.")
        check(bool(categories) and all(code in Category.values for code in categories), "categories",
              "Semicolon-separated codes from the taxonomy.")
        check(not record["occurred_on"] or (occurred is not None and occurred <= today), "occurred_on", "Not a past date.")
        check(not record["channel"] or record["channel"] in Channel.values, "channel", "Not one of the allowed values.")
        check(len(record["narrative"]) <= 5000, "narrative", "Longer than 5,000 characters.")
        check(not record["region"] or province_code(record["region"]) is not None, "region", "Not a province.")
        check(record["consent_to_share"].lower() in ("", "yes", "no", "true", "false", "1", "0"), "consent_to_share",
              "Write yes or no.")
        errors.extend(problems)
        if problems:
            continue
        rows.append(_Row(line, {
            "source": Source.NATIVE, "external_id": record["external_id"], "receipt_no": f"IMP-{record['external_id']}"[:24],
            "received_at": _aware(received), "complainant_role": record["complainant_role"],
            "lender_id": lenders.get(record["lender_code"]), "lender_name": record["lender_name"],
            "agency_id": agencies.get(record["agency_code"]), "collector_name": record["collector_name"],
            "collector_kind": (CollectorKind.AGENCY if record["agency_code"] or record["collector_name"]
                               else CollectorKind.UNKNOWN),
            "occurred_on": occurred, "channel": record["channel"], "narrative": record["narrative"],
            "region": province_code(record["region"]) or "", "jrt_codes": record["jrt_codes"][:64],
            "consent_to_share": record["consent_to_share"].lower() in ("yes", "true", "1"),
        }, categories))
    return rows


def complaints_import(*, source: IO[bytes], file_format: str) -> ImportResult:
    """Import a file of complaints in `native` or `cfpb` layout, all or nothing."""
    result, errors = ImportResult(), []
    rows = (_parse_cfpb if file_format == "cfpb" else _parse_native)(source, errors, result)
    seen: dict[str, int] = {}
    for row in rows:
        key = row.complaint["external_id"]
        if key in seen:
            errors.append(RowError(row.line, "external_id", key, f"Same id as line {seen[key]}.", ""))
        seen.setdefault(key, row.line)
    if errors:
        raise ComplaintImportError(errors)
    origin = Source.CFPB if file_format == "cfpb" else Source.NATIVE
    existing = set(Complaint.objects.filter(source=origin, external_id__in=list(seen)).values_list("external_id", flat=True))
    new_rows = [row for row in rows if row.complaint["external_id"] not in existing]
    result.already_imported = len(rows) - len(new_rows)
    with transaction.atomic():
        if file_format == "cfpb":
            _link_cfpb_companies(new_rows, result)
        complaints = []
        for row in new_rows:
            complaint = Complaint(**row.complaint, tracking_digest=token_digest(secrets.token_urlsafe(24)),
                                  narrative_fingerprint=narrative_fingerprint(row.complaint.get("narrative", "")))
            complaints.append(complaint)
        Complaint.objects.bulk_create(complaints, batch_size=2000)
        saved = dict(Complaint.objects.filter(source=origin, external_id__in=[c.external_id for c in complaints])
                     .values_list("external_id", "pk"))
        ComplaintCategory.objects.bulk_create(
            [ComplaintCategory(complaint_id=saved[row.complaint["external_id"]], code=code)
             for row in new_rows for code in dict.fromkeys(row.categories)], batch_size=5000)
        ComplaintEvent.objects.bulk_create(
            [ComplaintEvent(complaint_id=saved[c.external_id], to_status=c.status, note=f"imported ({origin})")
             for c in complaints], batch_size=5000)
        announce_changed(complaints)
    result.created = len(new_rows)
    return result


def _link_cfpb_companies(rows: list[_Row], result: ImportResult) -> None:
    """Each company becomes (or already is) a lender of type other, with a stable code."""
    names = {row.complaint["lender_name"] for row in rows}
    codes = {name: cfpb_lender_code(name) for name in names}
    known = set(Lender.objects.filter(code__in=codes.values()).values_list("code", flat=True))
    new = [Lender(code=code, name=name[:200], type=LenderType.OTHER) for name, code in codes.items() if code not in known]
    Lender.objects.bulk_create(new)
    result.lenders_created = sorted(lender.code for lender in new)
    ids = dict(Lender.objects.filter(code__in=codes.values()).values_list("code", "pk"))
    for row in rows:
        row.complaint["lender_id"] = ids[codes[row.complaint["lender_name"]]]
