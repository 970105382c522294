"""The conduct metrics of DOMAIN.md, computed by DuckDB over accepted reports' Parquet files.

No Django here: the caller passes the files, the rule numbers and the mandates, and gets rows
back. Each metric's rule is written once, in RULES (a row condition) or in the debtor-level
queries below, and the drill-down (`contacts_behind`) reuses the same text.

Grain: (collector, lender, month); the collector is the agency that reported, or the lender
itself when it collects in-house. The local date and time are those written in started_at.
"""

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from supervision.core.months import month_end

COUNT_METRICS = (
    "contacts", "calls", "connected_calls", "quiet_hours_contacts", "third_party_contacts",
    "deferral_contacts", "post_settlement_contacts", "unmandated_contacts",
)
DEBTOR_METRICS = ("daily_attempt_breaches", "daily_connected_breaches", "seven_day_breaches", "blasting_debtors")
COMPLAINT_METRICS = ("complaints_per_10k_accounts", "timely_response_rate")
# Contract version 2 (DOMAIN.md): each measured only in a version 2 report and only when the profile sets its rule
# (the Limits field named here); otherwise "not reported", stored as null.
VERSION_2_METRICS = {
    "unrecorded_conversations": "recording_required",
    "unregistered_third_party_contacts": "registered_third_parties_only",
    "contacts_after_stop_request": "stop_requests_counted",
    "third_party_while_reachable": "reachable_window_days",
    "post_conversation_calls": "post_conversation_cooldown_days",
}
# Counted in the one scan with COUNT_METRICS; the other two compare each contact with the debtor's conversations.
SCANNED_VERSION_2_METRICS = ("unrecorded_conversations", "unregistered_third_party_contacts",
                             "contacts_after_stop_request")
CONVERSATION_METRICS = ("third_party_while_reachable", "post_conversation_calls")
ALL_METRICS = COUNT_METRICS + DEBTOR_METRICS + COMPLAINT_METRICS + tuple(VERSION_2_METRICS)


@dataclass(frozen=True)
class Limits:
    """The rule profile's numbers, as the SQL needs them."""

    permitted_from_s: int
    permitted_until_s: int
    combined_daily_connected_limit: int | None
    collector_daily_attempt_limit: int | None
    seven_day_attempt_limit: int | None
    blasting_threshold: int
    recording_required: bool = False
    registered_third_parties_only: bool = False
    reachable_window_days: int | None = None
    stop_requests_counted: bool = False
    post_conversation_cooldown_days: int | None = None

    def sets(self, metric: str) -> bool:
        return sets_rule(self, metric)


def sets_rule(rules, metric: str) -> bool:
    """Whether `rules` (Limits, or the rule profile it comes from: the same names) set the rule behind a metric:
    a version 2 metric's setting, or a debtor-level limit; every other metric is always measured."""
    setting = VERSION_2_METRICS.get(metric) or DEBTOR_LIMITS.get(metric)
    return setting is None or getattr(rules, setting) not in (None, False)


@dataclass(frozen=True)
class ReportFiles:
    collector: str
    contacts: str  # a path, or a URL of the data store
    accounts: str
    contract_version: int = 1


# One home for each contact-level rule: the condition a contact row meets to count.
RULES = {
    "contacts": "true",
    "calls": "c.channel = 'call'",
    "connected_calls": "c.channel = 'call' AND c.outcome = 'connected'",
    "quiet_hours_contacts": (
        "c.channel <> 'letter' AND (c.local_second_of_day < {from_s} OR c.local_second_of_day >= {until_s})"
    ),
    "third_party_contacts": "c.contact_party <> 'debtor'",
    "deferral_contacts": "c.local_date BETWEEN a.deferral_from AND a.deferral_to",
    "post_settlement_contacts": "c.local_date > a.settled_on",
    # m: the contact's day in mandated_days, one row per agency, lender and day some mandate covers (see connect).
    "unmandated_contacts": "c.collector <> c.lender_code AND m.day IS NULL",
    # Contract version 2. A visit is a conversation whatever its outcome.
    "unrecorded_conversations": (
        "((c.channel = 'call' AND c.outcome = 'connected') OR c.channel = 'visit') AND c.recording_ref IS NULL"
    ),
    "unregistered_third_party_contacts": "c.contact_party <> 'debtor' AND c.contact_source = 'other'",
    "contacts_after_stop_request": (
        "c.channel <> 'letter' AND c.contact_party = 'debtor' AND c.local_date > a.stop_requested_on "
        "AND (a.stop_lifted_on IS NULL OR c.local_date < a.stop_lifted_on)"
    ),
    # r: conversations (see connect). Instants compare as absolute times, days as local dates.
    "third_party_while_reachable": (
        "c.contact_party <> 'debtor' AND EXISTS (SELECT 1 FROM conversations r WHERE r.collector = c.collector "
        "AND r.lender_code = c.lender_code AND r.debtor_token = c.debtor_token AND r.at < CAST(c.started_at AS "
        "TIMESTAMPTZ) AND r.local_date BETWEEN c.local_date - ({reachable_days} - 1) AND c.local_date)"
    ),
    "post_conversation_calls": (
        "c.channel = 'call' AND c.contact_party = 'debtor' AND EXISTS (SELECT 1 FROM conversations r "
        "WHERE r.channel = 'call' AND r.collector = c.collector AND r.lender_code = c.lender_code "
        "AND r.debtor_token = c.debtor_token AND r.at < CAST(c.started_at AS TIMESTAMPTZ) "
        "AND c.local_date BETWEEN r.local_date AND r.local_date + ({cooldown_days} - 1))"
    ),
}

# The columns a version 1 file lacks, read as empty, so every report of a month reads alike.
VERSION_2_COLUMNS = {
    "contacts": {"recording_ref": "VARCHAR", "contact_source": "VARCHAR"},
    "accounts": {"stop_requested_on": "DATE", "stop_lifted_on": "DATE"},
}


def _files_sql(files: list[ReportFiles], kind: str) -> str:
    # The store's folders look like hive partitions (collector=AA/); the path is not data.
    def select(report: ReportFiles) -> str:
        added = "".join(f", NULL::{sql_type} AS {name}" for name, sql_type in VERSION_2_COLUMNS[kind].items()
                        if report.contract_version < 2)
        return (f"SELECT '{report.collector}' AS collector, *{added}, {int(report.contract_version)} AS "
                f"contract_version FROM read_parquet('{getattr(report, kind)}', hive_partitioning = false)")

    return " UNION ALL BY NAME ".join(select(report) for report in files) if files else None


def _session(memory_limit: str, filesystem, threads: int = 0) -> duckdb.DuckDBPyConnection:
    """A DuckDB session held to `memory_limit` (and `threads`, if given) that reads the data store
    (`filesystem`: fsspec's, for a store that is not the local disk)."""
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if filesystem is not None:
        con.register_filesystem(filesystem)
    return con


def connect(files: list[ReportFiles], mandates: list[tuple], *, period: dt.date, memory_limit: str = "1GB",
            spill_to: Path | None = None, filesystem=None, threads: int = 0) -> duckdb.DuckDBPyConnection:
    """A DuckDB session with views `contacts` (c) and `accounts` (a) over the given reports, and the
    days of `period` each agency held a mandate for each lender."""
    con = _session(memory_limit, filesystem, threads)
    con.execute("SET preserve_insertion_order = false")
    if spill_to:
        spill_to.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET temp_directory = '{spill_to}'")
    empty_contacts = (
        "SELECT NULL::VARCHAR AS collector, NULL::VARCHAR AS lender_code, NULL::VARCHAR AS account_ref, "
        "NULL::UBIGINT AS debtor_token, NULL::VARCHAR AS contact_party, NULL::UBIGINT AS contact_token, "
        "NULL::VARCHAR AS channel, NULL::VARCHAR AS started_at, NULL::DATE AS local_date, "
        "NULL::INTEGER AS local_second_of_day, NULL::VARCHAR AS outcome, NULL::VARCHAR AS record_id, "
        "NULL::VARCHAR AS collector_id, NULL::VARCHAR AS recording_ref, NULL::VARCHAR AS contact_source, "
        "NULL::INTEGER AS contract_version WHERE false"
    )
    empty_accounts = (
        "SELECT NULL::VARCHAR AS collector, NULL::VARCHAR AS account_ref, NULL::VARCHAR AS lender_code, "
        "NULL::DATE AS deferral_from, NULL::DATE AS deferral_to, NULL::DATE AS settled_on, "
        "NULL::DATE AS stop_requested_on, NULL::DATE AS stop_lifted_on, NULL::INTEGER AS contract_version WHERE false"
    )
    con.execute(f"CREATE VIEW contacts AS {_files_sql(files, 'contacts') or empty_contacts}")
    con.execute(f"CREATE VIEW accounts AS {_files_sql(files, 'accounts') or empty_accounts}")
    # The debtor reached, in version 2 reports: connected calls and visits with the debtor, with their instant.
    con.execute(
        "CREATE VIEW conversations AS SELECT collector, lender_code, debtor_token, channel, local_date, "
        "CAST(started_at AS TIMESTAMPTZ) AS at FROM contacts WHERE contract_version >= 2 AND contact_party = 'debtor' "
        "AND ((channel = 'call' AND outcome = 'connected') OR channel = 'visit')"
    )
    con.execute("CREATE TABLE mandates (agency_code VARCHAR, lender_code VARCHAR, valid_from DATE, valid_to DATE)")
    if mandates:  # one statement with list parameters: executemany inserts row by row
        agencies, lenders, starts, ends = (list(column) for column in zip(*mandates, strict=True))
        con.execute("INSERT INTO mandates SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[]), unnest($3::DATE[]), "
                    "unnest($4::DATE[])", [agencies, lenders, starts, ends])
    # Days rather than ranges: the unmandated rule then joins on equality, which DuckDB hashes and spills.
    con.execute(
        """CREATE TABLE mandated_days AS
        SELECT DISTINCT agency_code, lender_code, CAST(unnest(generate_series(
            greatest(valid_from, $first), least(coalesce(valid_to, $last), $last), INTERVAL 1 DAY)) AS DATE) AS day
        FROM mandates WHERE valid_from <= $last AND coalesce(valid_to, $last) >= $first""",
        {"first": period, "last": month_end(period)},
    )
    return con


def _rule(metric: str, limits: Limits) -> str:
    return RULES[metric].format(from_s=limits.permitted_from_s, until_s=limits.permitted_until_s,
                                reachable_days=limits.reachable_window_days,
                                cooldown_days=limits.post_conversation_cooldown_days)


def _contacts_joined() -> str:
    """Each contact (c) with its account (a) and, if any, the mandate day covering it (m). Every contact names
    an account of the same report (validated on ingest) and mandated_days holds a day once, so each contact
    stays one row."""
    return ("contacts c LEFT JOIN accounts a ON a.collector = c.collector AND a.account_ref = c.account_ref "
            "LEFT JOIN mandated_days m ON m.agency_code = c.collector AND m.lender_code = c.lender_code "
            "AND m.day = c.local_date")


def count_metrics(con, limits: Limits) -> list[tuple]:
    """(collector, lender, metric, numerator) for the contact-level metrics: every rule counted in one scan of the
    contacts. The version 2 metrics the profile sets are counted in the same scan for every report (a version 1
    report's count is 0 there; the caller says which are not reported)."""
    metrics = COUNT_METRICS + tuple(metric for metric in SCANNED_VERSION_2_METRICS if limits.sets(metric))
    columns = ", ".join(f"count(*) FILTER (WHERE {_rule(metric, limits)})" for metric in metrics)
    return [(collector, lender, metric, value)
            for collector, lender, *values in con.execute(f"SELECT c.collector, c.lender_code, {columns} "
                                                          f"FROM {_contacts_joined()} GROUP BY ALL").fetchall()
            for metric, value in zip(metrics, values, strict=True)]


def conversation_metrics(con, limits: Limits, *, pairs: list[tuple[str, str]]) -> list[tuple]:
    """(collector, lender, metric, numerator) for the metrics that compare each contact with the debtor's
    conversations, those the profile sets, over the version 2 reports (0 for a pair with none)."""
    rows = []
    for metric in CONVERSATION_METRICS:
        if not limits.sets(metric):
            continue
        counted = con.execute(f"SELECT c.collector, c.lender_code, count(*) FROM contacts c "
                              f"WHERE c.contract_version >= 2 AND {_rule(metric, limits)} GROUP BY ALL").fetchall()
        found = {(collector, lender): count for collector, lender, count in counted}
        rows += [(collector, lender, metric, found.get((collector, lender), 0)) for collector, lender in pairs]
    return rows


def _daily_calls_sql() -> str:
    return (
        "SELECT collector, lender_code, debtor_token, local_date, count(*) AS calls, "
        "count(*) FILTER (WHERE outcome = 'connected') AS connected FROM contacts WHERE channel = 'call' GROUP BY ALL"
    )


DEBTOR_QUERIES = {
    # (debtor, local date) pairs where one collector made more call attempts than its daily limit.
    "daily_attempt_breaches": """
        SELECT collector, lender_code, debtor_token, local_date AS day, calls AS attempts
        FROM daily WHERE calls > {collector_daily_attempt_limit}""",
    # Debtors with a window of 7 consecutive local dates inside the month holding more calls than the limit.
    # A window's best end is a day with calls (from the 7th of the month on) or the month's first week.
    "seven_day_breaches": """
        SELECT collector, lender_code, debtor_token, max(window_end) AS day, max(in_window) AS attempts FROM (
            SELECT collector, lender_code, debtor_token, local_date AS window_end,
                   sum(calls) OVER (PARTITION BY collector, lender_code, debtor_token ORDER BY local_date
                                    RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW) AS in_window
            FROM daily
            UNION ALL
            SELECT collector, lender_code, debtor_token, DATE '{first_week_end}', sum(calls)
            FROM daily WHERE local_date <= DATE '{first_week_end}' GROUP BY ALL
        ) WHERE window_end >= DATE '{first_week_end}' AND in_window > {seven_day_attempt_limit}
        GROUP BY ALL""",
    # Debtors for whom this collector reached at least the threshold of distinct third parties.
    "blasting_debtors": """
        SELECT collector, lender_code, debtor_token, NULL::DATE AS day,
               count(DISTINCT contact_token) AS attempts
        FROM contacts WHERE contact_party <> 'debtor' GROUP BY ALL
        HAVING count(DISTINCT contact_token) >= {blasting_threshold}""",
    # (debtor, date) pairs over the lender's combined limit of connected calls, all collectors together,
    # counted for each collector that connected with that debtor that day. Only the regulator sees this.
    "daily_connected_breaches": """
        SELECT d.collector, d.lender_code, d.debtor_token, d.local_date AS day, combined.connected AS attempts
        FROM daily_connected d JOIN (
            SELECT lender_code, debtor_token, local_date, sum(connected) AS connected
            FROM all_daily_connected GROUP BY ALL
            HAVING sum(connected) > {combined_daily_connected_limit}
        ) combined USING (lender_code, debtor_token, local_date)
        WHERE d.connected > 0""",
}
DEBTOR_LIMITS = {
    "daily_attempt_breaches": "collector_daily_attempt_limit",
    "seven_day_breaches": "seven_day_attempt_limit",
    "blasting_debtors": "blasting_threshold",
    "daily_connected_breaches": "combined_daily_connected_limit",
}


def prepare_daily(con) -> None:
    """Daily call counts per collector, lender and debtor, for the reports this session reads."""
    con.execute(f"CREATE TABLE daily AS {_daily_calls_sql()}")
    con.execute("CREATE VIEW daily_connected AS SELECT collector, lender_code, debtor_token, local_date, connected "
                "FROM daily WHERE connected > 0")


def combine_daily_connected(con, summaries: list[str]) -> None:
    """Every collector's connected calls of the month (their small summaries), for the lender-wide limit."""
    files = ", ".join(f"'{path}'" for path in summaries)
    source = f"SELECT * FROM read_parquet([{files}])" if summaries else "SELECT * FROM daily_connected"
    con.execute(f"CREATE VIEW all_daily_connected AS {source}")


def debtor_query(metric: str, limits: Limits, period: dt.date) -> str | None:
    """The rows behind a debtor-level metric, or None when the profile sets no such limit."""
    limit = getattr(limits, DEBTOR_LIMITS[metric])
    if limit is None:
        return None
    return DEBTOR_QUERIES[metric].format(
        **{DEBTOR_LIMITS[metric]: limit}, first_week_end=(period + dt.timedelta(days=6)).isoformat()
    )


# The debtor-level metrics one collector's own files decide; the combined limit needs every collector's summary.
PER_COLLECTOR_DEBTOR_METRICS = ("daily_attempt_breaches", "seven_day_breaches", "blasting_debtors")


def debtor_metrics(con, limits: Limits, period: dt.date, *, pairs: list[tuple[str, str]],
                   metrics: tuple[str, ...] = DEBTOR_METRICS) -> list[tuple]:
    """(collector, lender, metric, numerator) for the debtor-level metrics the profile defines, 0 where none."""
    rows = []
    for metric in metrics:
        query = debtor_query(metric, limits, period)
        if query is None:
            continue
        counted = con.execute(f"SELECT collector, lender_code, count(*) FROM ({query}) GROUP BY ALL").fetchall()
        found = {(collector, lender): count for collector, lender, count in counted}
        rows += [(collector, lender, metric, found.get((collector, lender), 0)) for collector, lender in pairs]
    return rows


def summaries_session(own: list[str], every: list[str], *, memory_limit: str = "1GB",
                      threads: int = 0) -> duckdb.DuckDBPyConnection:
    """A session over daily connected-call summaries only: `daily_connected` (the collectors being
    recomputed) and `all_daily_connected` (every collector of the month).

    When only some collectors are recomputed, every collector's rows are kept only for their (lender, debtor,
    date) keys, so the combined limit groups those keys rather than the whole month's (0.21 → 0.07 s for one
    agency of 200 on the benchmark's month)."""
    con = _session(memory_limit, None, threads)
    files = ", ".join(f"'{path}'" for path in own)
    con.execute(f"CREATE VIEW daily_connected AS SELECT * FROM read_parquet([{files}])")
    if set(own) == set(every):
        combine_daily_connected(con, every)
    else:
        everyone = ", ".join(f"'{path}'" for path in every)
        con.execute(
            f"CREATE VIEW all_daily_connected AS SELECT * FROM read_parquet([{everyone}]) SEMI JOIN ("
            f"SELECT DISTINCT lender_code, debtor_token, local_date FROM daily_connected WHERE connected > 0"
            f") own USING (lender_code, debtor_token, local_date)"
        )
    return con


def account_counts(con) -> list[tuple]:
    """(collector, lender, accounts reported)."""
    return con.execute("SELECT collector, lender_code, count(DISTINCT account_ref) FROM accounts GROUP BY ALL").fetchall()


def write_daily_connected(con, collector: str, target: Path) -> None:
    """This collector's connected calls per lender, debtor and day: what other collectors' combined limit needs."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    con.execute(
        f"COPY (SELECT collector, lender_code, debtor_token, local_date, connected FROM daily_connected "
        f"WHERE collector = '{collector}') TO '{partial}' (FORMAT parquet)"
    )
    partial.replace(target)


def write_every_daily_connected(con, targets: dict[str, Path], staging: Path) -> None:
    """`write_daily_connected` for every collector of the session in one pass over `daily`: DuckDB writes one
    file per collector under `staging` (on the targets' disk), and each is moved into place."""
    staging.parent.mkdir(parents=True, exist_ok=True)
    con.execute(
        f"COPY (SELECT collector, lender_code, debtor_token, local_date, connected FROM daily_connected) "
        f"TO '{staging}' (FORMAT parquet, PARTITION_BY (collector), WRITE_PARTITION_COLUMNS true)"
    )
    try:
        for collector, target in targets.items():
            written = list((staging / f"collector={collector}").glob("*.parquet"))
            if len(written) == 1:
                target.parent.mkdir(parents=True, exist_ok=True)
                written[0].replace(target)
            else:  # no connected call (an empty summary is still written), or a partition split in several files
                write_daily_connected(con, collector, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def contacts_behind(con, metric: str, limits: Limits, period: dt.date, *, collector: str, lender: str,
                    offset: int = 0, limit: int = 50) -> tuple[list[str], list[tuple]]:
    """The contacts (or debtor-days) a metric value counts, a page at a time, with pseudonymous ids; none for a
    rule the profile does not set."""
    if not limits.sets(metric):
        return [], []
    if metric in RULES:
        columns = ["record_id", "local_date", "started_at", "channel", "outcome", "contact_party", "debtor_token",
                   "contact_token", "collector_id"]
        selected = ", ".join(f"c.{column}" for column in columns)
        query = (
            f"SELECT {selected} FROM {_contacts_joined()} WHERE c.collector = $collector "
            f"AND c.lender_code = $lender AND ({_rule(metric, limits)}) ORDER BY c.started_at, c.record_id "
            f"LIMIT {int(limit)} OFFSET {int(offset)}"
        )
    else:
        inner = debtor_query(metric, limits, period)  # set: the profile sets its limit (checked above)
        columns = ["debtor_token", "day", "attempts"]
        query = (f"SELECT debtor_token, day, attempts FROM ({inner}) WHERE collector = $collector "
                 f"AND lender_code = $lender ORDER BY day NULLS FIRST, debtor_token LIMIT {int(limit)} OFFSET {int(offset)}")
    rows = con.execute(query, {"collector": collector, "lender": lender}).fetchall()
    return columns, [tuple(format(value, "016x") if name.endswith("token") and value is not None else value
                           for name, value in zip(columns, row, strict=False)) for row in rows]
