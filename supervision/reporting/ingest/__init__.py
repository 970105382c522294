"""Validating a monthly report and turning it into Parquet, with DuckDB.

No database or settings here: the caller passes the register's lender codes, the period and the
pseudonym key, and decides what to do with the result. Everything is set-based
SQL over the whole file; no Python loop touches a row.

The headers say which contract version the report follows (`contract.version_of`); both files are held to
it. Stages, a module each: `read` decodes (UTF-8, else GB18030; XLSX converted) and stages every cell as text in
a scratch Parquet file, flagging rows as it reads (memory stays bounded whatever the size) → `rules` lists the
bad cells with their line → if none, `pseudonymise` makes one token per distinct person and `write` writes
typed Parquet to a temporary name, renames it into place and counts its contacts by hour. `contract` says what
the files must be.
"""

import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb

from .contract import (
    ERROR_PREVIEW_LIMIT,
    CellError,
    FileLevelError,
    IngestResult,
    Reason,
    ReportContext,
    columns_of,
    version_of,
)
from .pseudonymise import build_tokens, hmac_pads
from .read import as_csv, check_header, header_of, stage
from .rules import account_rules, contact_rules, errors_query
from .write import accounts_query, contacts_query, hour_counts, write_parquet

__all__ = ["CellError", "FileLevelError", "IngestResult", "Reason", "ReportContext", "ingest_report"]


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
        files = {"accounts.csv": accounts, "contacts.csv": contacts}
        sources, headers, file_errors = {}, {}, []
        for name, path in files.items():
            try:
                sources[name] = as_csv(path, scratch, name)
                headers[name] = header_of(sources[name], name)
            except FileLevelError as exc:
                file_errors += exc.errors
        if file_errors:
            raise FileLevelError(file_errors)
        version = version_of(list(headers.values()))
        for name, header in headers.items():
            try:
                check_header(header, name, [column.name for column in columns_of(name, version)])
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
            result = IngestResult(contract_version=version)
            rules = {"accounts.csv": account_rules(context, version), "contacts.csv": contact_rules(context, version)}
            for name, table, percent in (("accounts.csv", "accounts_raw", 5), ("contacts.csv", "contacts_raw", 10)):
                progress(percent, "reading")
                try:
                    rows = stage(con, table, sources[name], headers[name], rules[name], scratch, name)
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
                    + errors_query("accounts.csv", "accounts_raw", rules["accounts.csv"])
                    + " UNION ALL "
                    + errors_query("contacts.csv", "contacts_raw", rules["contacts.csv"])
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
            ipad, opad = hmac_pads(context.pseudonym_key)
            build_tokens(con, {"ipad": ipad, "opad": opad})
            write_parquet(con, accounts_query(version), accounts_target)
            write_parquet(con, contacts_query(context.submitter_code, version), contacts_target)
            result.accounts_parquet, result.contacts_parquet = accounts_target, contacts_target
            result.contact_hours = hour_counts(con, contacts_target)
            return result
        finally:
            con.close()
