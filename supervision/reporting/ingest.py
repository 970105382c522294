"""Validating a monthly report and turning it into Parquet, with DuckDB.

No Django here: the caller passes the register's lender codes, the period and the
pseudonym key, and decides what to do with the result. Everything is set-based
SQL over the whole file; no Python loop touches a row.

Stages: decode (UTF-8, else GB18030; XLSX converted) → stage every cell as text
in a scratch DuckDB database on disk (memory stays bounded whatever the size) →
one query per rule lists the bad cells with their line → if none, write typed,
pseudonymised Parquet to a temporary name and rename it into place.
"""

import csv
import datetime as dt
import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

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


# -- decoding ---------------------------------------------------------------------------------------


def _is_xlsx(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == b"PK\x03\x04"


def _xlsx_to_csv(source: Path, target: Path, name: str) -> None:
    from openpyxl import load_workbook

    def refused(detail: str) -> FileLevelError:
        return FileLevelError([CellError(name, None, "", detail[:MAX_VALUE_IN_ERROR], Reason.BAD_XLSX)])

    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise refused(str(exc)) from None
    # A workbook that inflates far beyond any real report is a zip bomb, not data.
    if unpacked > MAX_XLSX_UNPACKED_BYTES or unpacked > XLSX_MAX_RATIO * max(source.stat().st_size, 1):
        raise refused(f"unpacks to {unpacked} bytes")
    with source.open("rb") as file:
        try:
            workbook = load_workbook(file, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken archive
            raise refused(str(exc)) from None
        with target.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                writer.writerow(["" if cell is None else _xlsx_cell(cell) for cell in row])
        workbook.close()


def _xlsx_cell(cell) -> str:
    if isinstance(cell, dt.datetime) and cell.time() == dt.time(0):
        return cell.date().isoformat()
    if hasattr(cell, "isoformat"):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _transcode_to_utf8(source: Path, target: Path, encoding: str) -> None:
    with source.open("r", encoding=encoding, newline="") as text, target.open("w", encoding="utf-8", newline="") as out:
        shutil.copyfileobj(text, out, 16 * 1024 * 1024)


def as_csv(path: Path, scratch: Path, name: str) -> Path:
    """A CSV with the same content: the file itself, or a conversion of an XLSX workbook.

    Encoding is settled later: DuckDB reads UTF-8 (with or without BOM) and says so when a
    file is not, and only then is it transcoded from GB18030, so a UTF-8 file is read once.
    """
    with path.open("rb") as file:
        head = file.read(4096)
    if not head.strip():
        raise FileLevelError([CellError(name, None, "", "", Reason.EMPTY_FILE)])
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileLevelError([CellError(name, None, "", "", Reason.UTF16)])
    if head.startswith(b"PK\x03\x04"):
        target = scratch / f"{name}.from-xlsx.csv"
        _xlsx_to_csv(path, target, name)
        return target
    if b"\x00" in head:
        raise FileLevelError([CellError(name, None, "", "", Reason.NOT_TEXT)])
    return path


def _first_line(path: Path) -> str:
    with path.open("rb") as file:
        raw = file.readline(64 * 1024)
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def read_header(path: Path, name: str, expected: list[str]) -> list[str]:
    header = [cell.strip() for cell in next(csv.reader([_first_line(path)]), [])]
    errors = []
    if len(header) == 1 and any(separator in header[0] for separator in (";", "\t", "|")):
        errors.append(CellError(name, 1, "", header[0][:MAX_VALUE_IN_ERROR], Reason.WRONG_DELIMITER))
        raise FileLevelError(errors)
    errors += [CellError(name, 1, column, "", Reason.MISSING_COLUMN) for column in expected if column not in header]
    errors += [CellError(name, 1, column, "", Reason.UNKNOWN_COLUMN) for column in header if column not in expected]
    if len(set(header)) != len(header):
        errors.append(CellError(name, 1, "", "", Reason.DUPLICATE_COLUMN))
    if errors:
        raise FileLevelError(errors)
    return header


# -- rules ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One check, as SQL.

    A row rule looks at one row: `bad_when` is evaluated while the file is read (cheap: one flag per
    row), and `fault` (a struct naming column, value and reason, or NULL) only for flagged rows. A set
    rule compares rows with each other or with the other file (`query`: lines with their fault).
    """

    bad_when: str | None = None
    fault: str | None = None
    query: str | None = None

    @classmethod
    def on(cls, column: str, reason: str, bad_when: str) -> "Rule":
        """The common case: a named column is bad, for one reason, when `bad_when` holds."""
        fault = f"CASE WHEN {bad_when} THEN {_fault(_quoted(column), column, _quoted(reason))} END"
        return cls(bad_when=f"({bad_when})", fault=fault)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fault(column: str, value: str, reason: str) -> str:
    return (
        f"struct_pack(\"column\" := {column}, value := left(coalesce(CAST({value} AS VARCHAR), ''), "
        f"{MAX_VALUE_IN_ERROR}), reason := {reason})"
    )


def _row_is_bad_sql(rules: list[Rule]) -> str:
    return "coalesce(" + " OR ".join(rule.bad_when for rule in rules if rule.bad_when) + ", true)"


def _row_faults_sql(rules: list[Rule]) -> str:
    faults = ", ".join(rule.fault for rule in rules if rule.fault)
    return f"list_filter([{faults}], lambda fault: fault IS NOT NULL)"


def _identifier_rules(columns: tuple[str, ...]) -> list[Rule]:
    rules = [Rule.on(column, Reason.REQUIRED, f"{column} IS NULL") for column in columns]
    # Bytes, not characters: strlen is several times cheaper than length over ten million cells.
    rules += [Rule.on(column, Reason.TOO_LONG, f"strlen({column}) > {MAX_IDENTIFIER_BYTES}") for column in columns]
    # A line break inside an identifier is a quoted line break that has split a record.
    rules += [Rule.on(column, Reason.CONTROL_CHARACTERS, f"contains({column}, chr(10))") for column in columns]
    return rules


def _choice_rule(column: str, choices: tuple[str, ...]) -> Rule:
    return Rule.on(column, Reason.NOT_IN_CHOICES, f"{column} IS NULL OR {column} NOT IN ({_sql_list(choices)})")


def _date_rules(column: str, *, required: bool) -> list[Rule]:
    rules = [Rule.on(column, Reason.NOT_A_DATE,
                     f"{column} IS NOT NULL AND (length({column}) <> 10 OR try_cast({column} AS DATE) IS NULL)")]
    if required:
        rules.append(Rule.on(column, Reason.REQUIRED, f"{column} IS NULL"))
    return rules


def _sql_list(values) -> str:
    return ", ".join(_quoted(value) for value in values) or "NULL"


def _unknown_lender_rule(context: "ReportContext") -> Rule:
    return Rule.on("lender_code", Reason.UNKNOWN_LENDER,
                   f"lender_code IS NOT NULL AND lender_code NOT IN ({_sql_list(context.lender_codes)})")


def _duplicate_rule(table: str, column: str) -> Rule:
    return Rule(query=f"""
        SELECT line, {_fault(_quoted(column), column, _quoted(Reason.DUPLICATE))} AS fault FROM {table}
        WHERE {column} IN (SELECT {column} FROM {table} GROUP BY {column} HAVING count(*) > 1)""")


# Cheap structural test for an offset at the end: ±hh:mm, ±hhmm, ±hh or Z.
HAS_OFFSET = (
    "(started_at[-6:-6] IN ('+', '-') AND started_at[-3:-3] = ':')"
    " OR (started_at[-5:-5] IN ('+', '-') AND try_cast(started_at[-4:] AS USMALLINT) IS NOT NULL)"
    " OR (started_at[-3:-3] IN ('+', '-') AND try_cast(started_at[-2:] AS UTINYINT) IS NOT NULL)"
    " OR started_at[-1:] = 'Z'"
)
LOOKS_LIKE_DATETIME = "length(started_at) BETWEEN 16 AND 35 AND substr(started_at, 11, 1) IN ('T', ' ')"


def _started_at_rule(month: str) -> Rule:
    """One pass over started_at that names its first fault."""

    def fault(reason: str) -> str:
        return _fault(_quoted("started_at"), "started_at", _quoted(reason))

    # A regular expression is cheaper here than the string slicing the fault's CASE uses on the few bad rows.
    bad_when = (
        f"(started_at IS NULL OR NOT regexp_full_match(started_at, '{ISO_WITH_OFFSET}') "
        f"OR try_cast(started_at AS TIMESTAMPTZ) IS NULL OR left(started_at, 7) <> '{month}')"
    )
    return Rule(bad_when=bad_when, fault=f"""CASE
        WHEN started_at IS NULL THEN {fault(Reason.REQUIRED)}
        WHEN NOT ({LOOKS_LIKE_DATETIME}) OR try_cast(started_at AS TIMESTAMPTZ) IS NULL
          THEN {fault(Reason.NOT_A_TIMESTAMP)}
        WHEN NOT ({HAS_OFFSET}) THEN {fault(Reason.TIMESTAMP_WITHOUT_OFFSET)}
        WHEN left(started_at, 7) <> '{month}' THEN {fault(Reason.OUTSIDE_PERIOD)}
    END""")


def _account_link_rule() -> Rule:
    """One join: each contact's account must be in accounts.csv, for the same debtor and lender."""
    return Rule(query=f"""
        SELECT c.line, CASE
            WHEN a.account_ref IS NULL
              THEN {_fault(_quoted("account_ref"), "c.account_ref", _quoted(Reason.UNKNOWN_ACCOUNT))}
            WHEN a.debtor_ref IS DISTINCT FROM c.debtor_ref
              THEN {_fault(_quoted("debtor_ref"), "c.debtor_ref", _quoted(Reason.ACCOUNT_MISMATCH))}
            WHEN a.lender_code IS DISTINCT FROM c.lender_code
              THEN {_fault(_quoted("lender_code"), "c.lender_code", _quoted(Reason.ACCOUNT_MISMATCH))}
        END AS fault
        FROM contacts_raw c LEFT JOIN accounts_raw a ON a.account_ref = c.account_ref
        WHERE c.account_ref IS NOT NULL""")


def _account_rules(context: "ReportContext") -> list[Rule]:
    rules = [
        *_identifier_rules(("account_ref", "lender_code", "debtor_ref")),
        _unknown_lender_rule(context),
        _duplicate_rule("accounts_raw", "account_ref"),
        *_date_rules("placed_on", required=True),
        Rule.on("overdue_days", Reason.NOT_AN_INTEGER,
                "try_cast(overdue_days AS INTEGER) IS NULL OR NOT regexp_full_match(overdue_days, '\\d{1,9}')"),
        Rule.on("balance", Reason.NOT_A_DECIMAL, f"balance IS NULL OR NOT regexp_full_match(balance, '{DECIMAL_PATTERN}')"),
        Rule.on("balance", Reason.NEGATIVE, f"regexp_full_match(balance, '{DECIMAL_PATTERN}') AND balance LIKE '-%'"),
        *_date_rules("deferral_from", required=False),
        *_date_rules("deferral_to", required=False),
        *_date_rules("settled_on", required=False),
        Rule.on("deferral_to", Reason.DEFERRAL_INCOMPLETE, "(deferral_from IS NULL) <> (deferral_to IS NULL)"),
        Rule.on("deferral_to", Reason.DEFERRAL_REVERSED, "try_cast(deferral_to AS DATE) < try_cast(deferral_from AS DATE)"),
    ]
    if context.own_lender_code:
        rules.append(Rule.on("lender_code", Reason.FOREIGN_LENDER,
                             f"lender_code IS NOT NULL AND lender_code <> {_sql_list([context.own_lender_code])}"))
    return rules


def _contact_rules(context: "ReportContext") -> list[Rule]:
    return [
        *_identifier_rules(("record_id", "lender_code", "account_ref", "debtor_ref", "contact_ref", "collector_id")),
        _duplicate_rule("contacts_raw", "record_id"),
        _unknown_lender_rule(context),
        _choice_rule("contact_party", CONTACT_PARTIES),
        _choice_rule("channel", CHANNELS),
        _choice_rule("outcome", OUTCOMES),
        Rule.on("duration_s", Reason.NOT_AN_INTEGER,
                "duration_s IS NULL OR try_cast(duration_s AS INTEGER) IS NULL "
                "OR NOT regexp_full_match(duration_s, '\\d{1,9}')"),
        _started_at_rule(context.period.isoformat()[:7]),
        _account_link_rule(),
        Rule.on("contact_ref", Reason.DEBTOR_CONTACT_REF, "contact_party = 'debtor' AND contact_ref <> debtor_ref"),
    ]


def _errors_query(file: str, table: str, rules: list[Rule]) -> str:
    """Every fault of a file: those of the rows flagged while reading, then those of the set rules."""
    parts = [f"SELECT line, unnest({_row_faults_sql(rules)}) AS fault FROM {table} WHERE row_is_bad"]
    parts += [f"SELECT line, fault FROM ({rule.query}) WHERE fault IS NOT NULL" for rule in rules if rule.query]
    return (
        f"SELECT '{file}' AS file, line, fault.\"column\" AS \"column\", fault.value AS value, fault.reason AS reason "
        f"FROM ({' UNION ALL '.join(parts)})"
    )


# -- staging ----------------------------------------------------------------------------------------


def _read_csv_sql(path: Path, header: list[str], rejects: str) -> str:
    spec = "{" + ", ".join(f"'{column}': 'VARCHAR'" for column in header) + "}"
    return (
        f"read_csv('{path}', columns = {spec}, header = true, delim = ',', quote = '\"', escape = '\"', "
        "auto_detect = false, strict_mode = true, null_padding = false, ignore_errors = true, "
        f"store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{rejects}_scan')"
    )


def _stage(
    con: duckdb.DuckDBPyConnection, table: str, path: Path, header: list[str], rules: list[Rule], scratch: Path,
    name: str,
) -> int:
    """Copy every cell as text (an empty cell is NULL) into a scratch Parquet file, in file order,
    with the faults the row rules find on the way.

    Later checks read only the columns they need from it, so memory stays bounded whatever the
    file's size. Rows DuckDB cannot split into the header's columns go to `structure_errors`.
    """
    staged = scratch / f"{table}.parquet"
    for attempt in ("utf-8", "gb18030"):
        rejects = f"{table}_rejects_{attempt.replace('-', '')}"
        con.execute(
            f"COPY (SELECT *, {_row_is_bad_sql(rules)} AS row_is_bad FROM {_read_csv_sql(path, header, rejects)}) "
            f"TO '{staged}' (FORMAT parquet, COMPRESSION {STAGING_COMPRESSION})"
        )
        [(unicode_errors,)] = con.execute(
            f"SELECT count(*) FROM {rejects} WHERE error_type IN ('INVALID UNICODE', 'INVALID ENCODING')"
        ).fetchall()
        if attempt == "utf-8" and unicode_errors:
            _refuse_mixed_encoding(con, staged, header, rejects, unicode_errors, name)
            transcoded = scratch / f"{name}.utf8.csv"
            try:
                _transcode_to_utf8(path, transcoded, "gb18030")
            except UnicodeDecodeError:
                raise FileLevelError([CellError(name, None, "", "", Reason.UNREADABLE)]) from None
            path = transcoded
            continue
        break
    reasons = " ".join(f"WHEN '{error_type}' THEN '{reason}'" for error_type, reason in _STRUCTURE_REASONS.items())
    con.execute(
        f"""
        INSERT INTO structure_errors
        SELECT '{name}', line, coalesce(column_name, ''), left(coalesce(csv_line, ''), {MAX_VALUE_IN_ERROR}),
               CASE error_type {reasons} ELSE '{Reason.UNREADABLE}' END
        FROM {rejects}
        """
    )
    # Parquet keeps the file's order, so the row number gives the line (exact while no cell holds a line
    # break, and a cell that does is itself refused).
    con.execute(
        f"CREATE VIEW {table} AS SELECT file_row_number + 2 AS line, * EXCLUDE (file_row_number) "
        f"FROM read_parquet('{staged}', file_row_number = true)"
    )
    [(count,)] = con.execute(f"SELECT count(*) FROM {table}").fetchall()
    [(rejected,)] = con.execute(f"SELECT count(*) FROM {rejects}").fetchall()
    if count + rejected == 0:
        raise FileLevelError([CellError(name, None, "", "", Reason.EMPTY_FILE)])
    return count


def _refuse_mixed_encoding(con, staged: Path, header: list[str], rejects: str, not_utf8_lines: int, name: str) -> None:
    """Some lines are not UTF-8 (so the file would be read as GBK), yet many others are UTF-8 beyond ASCII.

    A GBK line with Chinese in it is almost never valid UTF-8 by chance (none in 20,000 tried), so lines
    that are show a second encoding. Bytes against characters is 2.5 times cheaper than a regular expression.
    """
    beyond_ascii = " OR ".join(f'strlen("{column}") <> length("{column}")' for column in header)
    [(utf8_lines,)] = con.execute(f"SELECT count(*) FROM read_parquet('{staged}') WHERE {beyond_ascii}").fetchall()
    if utf8_lines >= MIXED_ENCODING_RATIO * not_utf8_lines:
        [(first_line,)] = con.execute(
            f"SELECT min(line) FROM {rejects} WHERE error_type IN ('INVALID UNICODE', 'INVALID ENCODING')"
        ).fetchall()
        raise FileLevelError([CellError(name, first_line, "", "", Reason.MIXED_ENCODING)])


_STRUCTURE_REASONS = {
    "MISSING COLUMNS": Reason.MISSING_CELLS,
    "TOO MANY COLUMNS": Reason.TOO_MANY_CELLS,
    "UNQUOTED VALUE": Reason.BAD_QUOTING,
    "INVALID UNICODE": Reason.UNREADABLE,
    "INVALID ENCODING": Reason.UNREADABLE,
    "LINE SIZE OVER MAXIMUM": Reason.LINE_TOO_LONG,
}


# -- writing ----------------------------------------------------------------------------------------


def _hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    return bytes(byte ^ 0x36 for byte in key), bytes(byte ^ 0x5C for byte in key)


def pseudonym_sql(expression: str) -> str:
    """The first 64 bits of HMAC-SHA256 of a text column, computed by DuckDB ($ipad and $opad bound).

    64 bits keep joins and counts fast; two people share a token with odds of about 3 in 10,000
    among a hundred million people, which moves a count by one.
    """
    return f"('0x' || left(sha256($opad || unhex(sha256($ipad || encode({expression})))), 16))::UBIGINT"


def _build_tokens(con, params: dict) -> None:
    """One token per distinct person reference: far fewer hashes than rows."""
    con.execute(
        f"""
        CREATE TABLE tokens AS
        SELECT ref, {pseudonym_sql('ref')} AS token FROM (
            SELECT debtor_ref AS ref FROM accounts_raw
            UNION SELECT contact_ref FROM contacts_raw WHERE contact_party <> 'debtor'
        )
        """,
        params,
    )


def _write_parquet(con, query: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    con.execute(f"COPY ({query}) TO '{partial}' (FORMAT parquet, COMPRESSION zstd)")
    os.replace(partial, target)  # a reader never sees half a file


def _accounts_query() -> str:
    return """
        SELECT account_ref, lender_code, debtor.token AS debtor_token,
               CAST(placed_on AS DATE) AS placed_on, CAST(overdue_days AS INTEGER) AS overdue_days,
               CAST(balance AS DECIMAL(15, 2)) AS balance, CAST(deferral_from AS DATE) AS deferral_from,
               CAST(deferral_to AS DATE) AS deferral_to, CAST(settled_on AS DATE) AS settled_on
        FROM accounts_raw JOIN tokens debtor ON debtor.ref = debtor_ref
    """


def _contacts_query(submitter_code: str) -> str:
    # started_at is kept as written (ISO 8601 with its offset); local date and time are read off it,
    # since the rules apply to the contact's own local time.
    return f"""
        SELECT record_id, '{submitter_code}' AS agency_code, lender_code, account_ref, debtor.token AS debtor_token,
               contact_party, CASE WHEN contact_party = 'debtor' THEN debtor.token ELSE contact.token END AS contact_token,
               channel, started_at,
               CAST(left(started_at, 10) AS DATE) AS local_date,
               CAST(substr(started_at, 12, 2) AS INTEGER) * 3600 + CAST(substr(started_at, 15, 2) AS INTEGER) * 60
                 + CASE WHEN substr(started_at, 17, 1) = ':' THEN CAST(substr(started_at, 18, 2) AS INTEGER) ELSE 0 END
                 AS local_second_of_day,
               CAST(duration_s AS INTEGER) AS duration_s, outcome, collector_id
        FROM contacts_raw
        JOIN tokens debtor ON debtor.ref = debtor_ref
        LEFT JOIN tokens contact ON contact_party <> 'debtor' AND contact.ref = contact_ref
    """


# -- the whole job ----------------------------------------------------------------------------------


def ingest_report(
    *,
    accounts: Path,
    contacts: Path,
    context: ReportContext,
    accounts_target: Path,
    contacts_target: Path,
    errors_target: Path,
    scratch_root: Path,
    progress: Callable[[int, str], None] = lambda percent, stage: None,
    memory_limit: str = "1GB",
) -> IngestResult:
    """Validate both files; write Parquet only when no row is bad, else the list of bad cells.

    Raises FileLevelError when a file cannot be read as a table at all.
    """
    scratch_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch_root) as scratch_name:
        scratch = Path(scratch_name)
        progress(2, "reading")
        files = {"accounts.csv": (accounts, ACCOUNT_COLUMNS), "contacts.csv": (contacts, CONTACT_COLUMNS)}
        sources, headers, file_errors = {}, {}, []
        for name, (path, columns) in files.items():
            try:
                sources[name] = as_csv(path, scratch, name)
                headers[name] = read_header(sources[name], name, columns)
            except FileLevelError as exc:
                file_errors += exc.errors
        if file_errors:
            raise FileLevelError(file_errors)

        con = duckdb.connect()  # in memory, spilling to the scratch folder past memory_limit
        try:
            con.execute(f"SET memory_limit = '{memory_limit}'")
            con.execute(f"SET temp_directory = '{scratch / 'spill'}'")

            con.execute(
                "CREATE TABLE structure_errors (file VARCHAR, line BIGINT, \"column\" VARCHAR, value VARCHAR, reason VARCHAR)"
            )
            result = IngestResult()
            rules = {"accounts.csv": _account_rules(context), "contacts.csv": _contact_rules(context)}
            for name, table, percent in (("accounts.csv", "accounts_raw", 5), ("contacts.csv", "contacts_raw", 10)):
                progress(percent, "reading")
                try:
                    rows = _stage(con, table, sources[name], headers[name], rules[name], scratch, name)
                except FileLevelError as exc:
                    file_errors += exc.errors
                    continue
                setattr(result, f"{name.removesuffix('.csv')}_rows", rows)
            if file_errors:
                raise FileLevelError(file_errors)

            progress(45, "validating")
            [(structure_errors,)] = con.execute("SELECT count(*) FROM structure_errors").fetchall()
            if structure_errors:
                # Until every row splits into the header's columns, cell checks would only add noise.
                con.execute("CREATE VIEW cell_errors AS SELECT * FROM structure_errors")
            else:
                con.execute(
                    "CREATE TABLE cell_errors AS "
                    + _errors_query("accounts.csv", "accounts_raw", rules["accounts.csv"])
                    + " UNION ALL "
                    + _errors_query("contacts.csv", "contacts_raw", rules["contacts.csv"])
                )
            [(result.error_count,)] = con.execute("SELECT count(*) FROM cell_errors").fetchall()
            if result.error_count:
                errors_target.parent.mkdir(parents=True, exist_ok=True)
                ordered = "SELECT file, line, \"column\", value, reason FROM cell_errors ORDER BY file, line, \"column\""
                con.execute(f"COPY ({ordered}) TO '{errors_target}' (HEADER)")
                result.errors_csv = errors_target
                result.errors_preview = [
                    CellError(*row) for row in con.execute(f"{ordered} LIMIT {ERROR_PREVIEW_LIMIT}").fetchall()
                ]
                return result

            progress(65, "writing")
            con.execute("SET preserve_insertion_order = false")
            ipad, opad = _hmac_pads(context.pseudonym_key)
            _build_tokens(con, {"ipad": ipad, "opad": opad})
            _write_parquet(con, _accounts_query(), accounts_target)
            _write_parquet(con, _contacts_query(context.submitter_code), contacts_target)
            result.accounts_parquet, result.contacts_parquet = accounts_target, contacts_target
            return result
        finally:
            con.close()
