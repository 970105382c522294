"""What a report's files must be: their columns and allowed values, the limits, the reasons a cell is refused,
and the types the stages pass to each other."""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

ACCOUNT_COLUMNS = [
    "account_ref", "lender_code", "debtor_ref", "placed_on", "overdue_days", "balance",
    "deferral_from", "deferral_to", "settled_on",
]
CONTACT_COLUMNS = [
    "record_id", "lender_code", "account_ref", "debtor_ref", "contact_party", "contact_ref", "channel",
    "started_at", "duration_s", "outcome", "collector_id",
]
CONTACT_PARTIES = ("debtor", "family", "colleague", "other_contact")
CHANNELS = ("call", "sms", "im", "visit", "letter")
OUTCOMES = ("connected", "no_answer", "busy", "rejected", "delivered", "failed")

ERROR_PREVIEW_LIMIT = 1000
MAX_IDENTIFIER_BYTES = 128
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
