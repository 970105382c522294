"""What a report's files must be: their columns and allowed values, the limits, the reasons a cell is refused,
and the types the stages pass to each other."""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(TextChoices):
    """What a column holds; each kind has its checks (rules.column_rules) and its words on the layout page."""

    IDENTIFIER = "identifier", _("text, up to 128 bytes, one line")
    CHOICE = "choice", _("one of the allowed values")
    DATE = "date", _("date, YYYY-MM-DD")
    COUNT = "count", _("whole number, 0 or more")
    AMOUNT = "amount", _("yuan, 0 or more, at most two decimals")
    TIMESTAMP = "timestamp", _("date and time, ISO 8601 with the offset, e.g. 2026-10-05T10:00:00+08:00")
    TEXT = "text", _("text, up to 128 characters, one line")


@dataclass(frozen=True)
class Column:
    """One column of a report file: the one definition the checks, the layout page and the templates read."""

    name: str
    kind: str
    meaning: Promise
    example: str
    required: bool = True
    choices: tuple[str, ...] = ()
    since: int = 1  # the contract version that added the column


CONTACT_PARTIES = ("debtor", "family", "colleague", "other_contact")
CHANNELS = ("call", "sms", "im", "visit", "letter")
OUTCOMES = ("connected", "no_answer", "busy", "rejected", "delivered", "failed")
CONTACT_SOURCES = ("registered", "other")
CONTRACT_VERSIONS = (1, 2)

# The examples make one account and one contact that pass every check together (for lender L001, October 2026).
ACCOUNTS = (
    Column("account_ref", Kind.IDENTIFIER, _("Your reference of the account, once in the file."), "ACC0001"),
    Column("lender_code", Kind.IDENTIFIER, _("The lender's code in the regulator's register."), "L001"),
    Column("debtor_ref", Kind.IDENTIFIER,
           _("The lender's own identifier of the borrower, the same in every agency's files (pseudonymised on "
             "receipt)."), "D000123"),
    Column("placed_on", Kind.DATE, _("The day the account was placed with you."), "2026-09-15"),
    Column("overdue_days", Kind.COUNT, _("Days overdue."), "45"),
    Column("balance", Kind.AMOUNT, _("The amount owed, in yuan."), "12500.00"),
    Column("deferral_from", Kind.DATE, _("The first day of a deferral agreed with the borrower (缓催), if any."), "",
           required=False),
    Column("deferral_to", Kind.DATE, _("The last day of that deferral; given with deferral_from."), "", required=False),
    Column("settled_on", Kind.DATE, _("The day the debt was repaid or settled, if it was."), "", required=False),
    Column("stop_requested_on", Kind.DATE,
           _("The day the debtor asked in writing to stop being contacted, or disputed the debt in writing, if so."),
           "", required=False, since=2),
    Column("stop_lifted_on", Kind.DATE,
           _("The day that request was withdrawn or the dispute answered in writing; given with stop_requested_on, "
             "not before it."), "", required=False, since=2),
)
CONTACTS = (
    Column("record_id", Kind.IDENTIFIER, _("Unique for your agency: a row sent again changes nothing."), "R000001"),
    Column("lender_code", Kind.IDENTIFIER, _("The lender's code in the regulator's register."), "L001"),
    Column("account_ref", Kind.IDENTIFIER, _("An account of accounts.csv."), "ACC0001"),
    Column("debtor_ref", Kind.IDENTIFIER, _("That account's debtor_ref."), "D000123"),
    Column("contact_party", Kind.CHOICE, _("Who was contacted."), "debtor", choices=CONTACT_PARTIES),
    Column("contact_ref", Kind.IDENTIFIER,
           _("A pseudonymous identifier of the person reached; the debtor_ref when it was the debtor."), "D000123"),
    Column("channel", Kind.CHOICE, _("How."), "call", choices=CHANNELS),
    Column("started_at", Kind.TIMESTAMP,
           _("When, in ISO 8601 with the offset of the local time, inside the report's month."),
           "2026-10-05T10:00:00+08:00"),
    Column("duration_s", Kind.COUNT, _("Seconds of conversation; 0 when nobody answered."), "95"),
    Column("outcome", Kind.CHOICE, _("What came of it."), "connected", choices=OUTCOMES),
    Column("collector_id", Kind.IDENTIFIER, _("Your collector's identifier."), "C017"),
    Column("recording_ref", Kind.TEXT,
           _("The identifier of the recording of a call or visit; empty when none was made."), "REC-20261005-0001",
           required=False, since=2),
    Column("contact_source", Kind.CHOICE,
           _("For anyone but the debtor: registered when the borrower registered this number or address as a "
             "contact for the loan, other when it came from anywhere else; empty for the debtor."), "",
           required=False, choices=CONTACT_SOURCES, since=2),
)
FILES = {"accounts.csv": ACCOUNTS, "contacts.csv": CONTACTS}


def columns_of(file: str, version: int) -> tuple[Column, ...]:
    """A file's columns in a contract version (each version keeps every column of the ones before)."""
    return tuple(column for column in FILES[file] if column.since <= version)


def version_of(headers: list[list[str]]) -> int:
    """The contract version a report's headers claim: the newest whose own columns appear in either file.

    Both files are then held to that version's columns, so a report that mixes versions is told which
    columns its other file lacks."""
    named = {name for header in headers for name in header}
    return max((column.since for columns in FILES.values() for column in columns if column.name in named), default=1)


ERROR_PREVIEW_LIMIT = 1000
MAX_IDENTIFIER_BYTES = 128
MAX_TEXT_CHARACTERS = 128
MAX_VALUE_IN_ERROR = 200
MAX_XLSX_UNPACKED_BYTES = 1024**3
STAGING_COMPRESSION = "lz4_raw"  # scratch files: cheap to write, less disk traffic than none
XLSX_MAX_RATIO = 200  # real sheets compress 5 to 20 times
# A GBK file has almost no lines that happen to be valid UTF-8 beyond ASCII; a file with this many of
# them for each line that is not UTF-8 mixes the two encodings, and transcoding would garble half.
MIXED_ENCODING_RATIO = 0.2

# ISO 8601 date and time with a UTC offset (or Z); seconds and fractions optional.
ISO_WITH_OFFSET = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([+-]\d{2}(:?\d{2})?|Z)"
DECIMAL_PATTERN = r"^-?\d{1,13}(\.\d{1,2})?$"


class Reason:
    """Stable codes for what is wrong with a cell; messages live in reporting.messages."""

    REQUIRED = "required"
    TOO_LONG = "too_long"
    TEXT_TOO_LONG = "text_too_long"
    CONTROL_CHARACTERS = "control_characters"
    NOT_A_DATE = "not_a_date"
    NOT_AN_INTEGER = "not_an_integer"
    NOT_A_DECIMAL = "not_a_decimal"
    NEGATIVE = "negative"
    NOT_IN_CHOICES = "not_in_choices"
    TIMESTAMP_WITHOUT_OFFSET = "timestamp_without_offset"
    NOT_A_TIMESTAMP = "not_a_timestamp"
    OUTSIDE_PERIOD = "outside_period"
    UNKNOWN_LENDER = "unknown_lender"
    FOREIGN_LENDER = "foreign_lender"
    DUPLICATE = "duplicate"
    UNKNOWN_ACCOUNT = "unknown_account"
    ACCOUNT_MISMATCH = "account_mismatch"
    DEBTOR_CONTACT_REF = "debtor_contact_ref"
    DEFERRAL_INCOMPLETE = "deferral_incomplete"
    DEFERRAL_REVERSED = "deferral_reversed"
    CONTACT_SOURCE_REQUIRED = "contact_source_required"
    CONTACT_SOURCE_FOR_DEBTOR = "contact_source_for_debtor"
    STOP_LIFT_WITHOUT_REQUEST = "stop_lift_without_request"
    STOP_LIFT_BEFORE_REQUEST = "stop_lift_before_request"
    MISSING_COLUMN = "missing_column"
    UNKNOWN_COLUMN = "unknown_column"
    DUPLICATE_COLUMN = "duplicate_column"
    WRONG_DELIMITER = "wrong_delimiter"
    EMPTY_FILE = "empty_file"
    NOT_TEXT = "not_text"
    UTF16 = "utf16"
    UNREADABLE = "unreadable"
    MIXED_ENCODING = "mixed_encoding"
    BAD_XLSX = "bad_xlsx"
    MISSING_CELLS = "missing_cells"
    TOO_MANY_CELLS = "too_many_cells"
    BAD_QUOTING = "bad_quoting"
    LINE_TOO_LONG = "line_too_long"


@dataclass(frozen=True)
class CellError:
    file: str
    line: int | None
    column: str
    value: str
    reason: str


@dataclass
class IngestResult:
    accounts_rows: int = 0
    contacts_rows: int = 0
    error_count: int = 0
    errors_preview: list[CellError] = field(default_factory=list)
    errors_csv: Path | None = None
    accounts_parquet: Path | None = None
    contacts_parquet: Path | None = None
    contract_version: int = 1
    contact_hours: list[tuple] = field(default_factory=list)  # (lender, ISO weekday, local hour, contacts)

    @property
    def accepted(self) -> bool:
        return self.error_count == 0


class FileLevelError(Exception):
    """The file cannot be read as a table at all; the errors say why."""

    def __init__(self, errors: list[CellError]):
        self.errors = errors
        super().__init__(", ".join(f"{error.file}: {error.reason} {error.column}" for error in errors))


@dataclass(frozen=True)
class ReportContext:
    period: dt.date  # first day of the month
    lender_codes: list[str]
    submitter_code: str
    pseudonym_key: bytes
    own_lender_code: str | None = None  # set when a lender reports its in-house collection
