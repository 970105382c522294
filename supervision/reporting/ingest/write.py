"""Writing the accepted files: typed, pseudonymised Parquet under a temporary name, renamed into place."""

import os
from pathlib import Path


def write_parquet(con, query: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    con.execute(f"COPY ({query}) TO '{partial}' (FORMAT parquet, COMPRESSION zstd)")
    os.replace(partial, target)  # a reader never sees half a file


def accounts_query(version: int = 1) -> str:
    added = (", CAST(stop_requested_on AS DATE) AS stop_requested_on, CAST(stop_lifted_on AS DATE) AS stop_lifted_on"
             if version >= 2 else "")
    return f"""
        SELECT account_ref, lender_code, debtor.token AS debtor_token,
               CAST(placed_on AS DATE) AS placed_on, CAST(overdue_days AS INTEGER) AS overdue_days,
               CAST(balance AS DECIMAL(15, 2)) AS balance, CAST(deferral_from AS DATE) AS deferral_from,
               CAST(deferral_to AS DATE) AS deferral_to, CAST(settled_on AS DATE) AS settled_on{added}
        FROM accounts_raw JOIN tokens debtor ON debtor.ref = debtor_ref
    """


def contacts_query(submitter_code: str, version: int = 1) -> str:
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
               CAST(duration_s AS INTEGER) AS duration_s, outcome, collector_id{", recording_ref, contact_source"
                                                                             if version >= 2 else ""}
        FROM contacts_raw
        JOIN tokens debtor ON debtor.ref = debtor_ref
        LEFT JOIN tokens contact ON contact_party <> 'debtor' AND contact.ref = contact_ref
    """


def hour_counts(con, contacts: Path) -> list[tuple]:
    """(lender, ISO weekday, local hour, contacts) of an accepted contacts file: the dashboard's hour × weekday
    chart. A fact of the report, like its row counts, so it is stored when the report is accepted."""
    return con.execute(
        f"SELECT lender_code, isodow(local_date), local_second_of_day // 3600, count(*) "
        f"FROM read_parquet('{contacts}') GROUP BY ALL ORDER BY ALL"
    ).fetchall()
