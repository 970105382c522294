"""Benchmark: every metric of DOMAIN.md for a month of 10,000,000 contacts (200 agencies, 50 lenders,
about 1,000,000 debtors), results written; against the bare DuckDB queries in the same run.

Builds the month's Parquet files directly (as accepted reports would leave them) and a throwaway
SQLite register, so it needs no server:

    .venv/bin/python bench/metrics.py --contacts 10000000 [--version 2]

With `--version 2` the reports are in contract version 2, so the version 2 metrics the default profile sets are
computed too, and the bare queries include their plain forms.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.files import add_keep_option, generated  # noqa: E402

PERIOD = "2026-10"


# Contract version 2's columns, spread over every agency and lender (as reporting/synthetic.py spreads them).
VERSION_2_CONTACTS = """, CASE WHEN (d * 3 + i) % 5 = 0 THEN NULL ELSE 'REC' || i END AS recording_ref,
    CASE WHEN p < 80 THEN NULL WHEN (d + i) % 4 = 0 THEN 'other' ELSE 'registered' END AS contact_source"""
VERSION_2_ACCOUNTS = f""", CASE WHEN debtor_token % 25 = 3 THEN DATE '{PERIOD}-12' END AS stop_requested_on,
    CASE WHEN debtor_token % 75 = 3 THEN DATE '{PERIOD}-20' END AS stop_lifted_on"""


def build_files(folder: Path, contacts: int, debtors: int, agencies: int, lenders: int, version: int = 1) -> None:
    import duckdb

    con = duckdb.connect()
    con.execute(f"""
        CREATE TABLE c AS SELECT
          'R' || i AS record_id, 'A' || lpad(((d * 7 + i % 3) % {agencies})::VARCHAR, 3, '0') AS agency_code,
          'L' || lpad((d % {lenders})::VARCHAR, 3, '0') AS lender_code, 'ACC' || d AS account_ref,
          d::UBIGINT AS debtor_token,
          CASE WHEN p < 80 THEN 'debtor' WHEN p < 90 THEN 'family' WHEN p < 95 THEN 'colleague' ELSE 'other_contact' END
            AS contact_party,
          CASE WHEN p < 80 THEN d ELSE 100000000 + d * 13 + p % 7 END::UBIGINT AS contact_token,
          CASE WHEN ch < 75 THEN 'call' WHEN ch < 90 THEN 'sms' WHEN ch < 97 THEN 'im' WHEN ch < 99 THEN 'visit'
               ELSE 'letter' END AS channel,
          strftime(TIMESTAMP '{PERIOD}-01' + INTERVAL (s % (31 * 86400)) SECOND, '%Y-%m-%dT%H:%M:%S') || '+08:00'
            AS started_at,
          (DATE '{PERIOD}-01' + INTERVAL (s % (31 * 86400) // 86400) DAY)::DATE AS local_date,
          (s % 86400)::INTEGER AS local_second_of_day, (s % 400)::INTEGER AS duration_s,
          CASE WHEN ch >= 75 THEN 'delivered' WHEN o < 35 THEN 'connected' WHEN o < 80 THEN 'no_answer'
               WHEN o < 92 THEN 'busy' ELSE 'rejected' END AS outcome, 'C' || (d % 500) AS collector_id
               {VERSION_2_CONTACTS if version == 2 else ""}
        FROM (SELECT i, (hash(i, 1) % {debtors})::BIGINT AS d, (hash(i, 2) % 100)::INT AS p,
                     (hash(i, 3) % 100)::INT AS ch, (hash(i, 4) % 1000000007)::BIGINT AS s,
                     (hash(i, 5) % 100)::INT AS o FROM range({contacts}) t(i))
    """)
    con.execute(f"""
        COPY (SELECT *, agency_code AS collector FROM c)
        TO '{folder}/contacts' (FORMAT parquet, PARTITION_BY (collector), OVERWRITE_OR_IGNORE)
    """)
    con.execute(f"""
        COPY (SELECT DISTINCT account_ref, lender_code, debtor_token,
                     DATE '{PERIOD}-01' - 60 AS placed_on, 60 AS overdue_days, 1000.00::DECIMAL(15,2) AS balance,
                     CASE WHEN debtor_token % 50 = 0 THEN DATE '{PERIOD}-10' END AS deferral_from,
                     CASE WHEN debtor_token % 50 = 0 THEN DATE '{PERIOD}-20' END AS deferral_to,
                     CASE WHEN debtor_token % 97 = 0 THEN DATE '{PERIOD}-15' END AS settled_on
                     {VERSION_2_ACCOUNTS if version == 2 else ""}, agency_code AS collector FROM c)
        TO '{folder}/accounts' (FORMAT parquet, PARTITION_BY (collector), OVERWRITE_OR_IGNORE)
    """)


def register_month(lenders, agencies, period, version: int = 1) -> None:
    """Mandates and accepted reports pointing at the files build_files wrote, as acceptance would leave them."""
    import datetime as dt

    from django.utils import timezone

    from supervision.entities.models import Mandate
    from supervision.reporting.models import Report
    from supervision.reporting.services import contact_hours_recount
    from supervision.rules.models import default_profile

    Mandate.objects.bulk_create([Mandate(lender=lender, agency=agency, valid_from=dt.date(2026, 1, 1))
                                 for n, agency in enumerate(agencies) for lender in lenders if (n + lender.pk) % 5])
    Report.objects.bulk_create([
        Report(agency=agency, submitter_key=f"agency:{agency.pk}", period=period, status="accepted",
               accounts_sha256="-", contacts_sha256="-", finished_at=timezone.now(), contract_version=version,
               contacts_parquet=f"reports/parquet/contacts/collector={agency.code}/data_0.parquet",
               accounts_parquet=f"reports/parquet/accounts/collector={agency.code}/data_0.parquet")
        for agency in agencies
    ])
    contact_hours_recount(period=period)  # what each acceptance would have stored
    default_profile()


def bare_queries(folder: Path, version: int) -> float:
    """The daily-limit, 7-day, blasting and totals queries, plain, over the same files; for version 2 reports
    also the version 2 metrics the default profile (CN) sets: the two counts in the totals scan, contacts after a
    stop request (a join on the accounts) and third parties while the debtor was reachable (a semi-join on the
    conversations)."""
    import duckdb

    con = duckdb.connect()
    source = f"read_parquet('{folder}/contacts/*/*.parquet', hive_partitioning = true)"
    accounts = f"read_parquet('{folder}/accounts/*/*.parquet', hive_partitioning = true)"
    version_2_counts = (", count(*) FILTER (WHERE ((channel = 'call' AND outcome = 'connected') OR channel = 'visit') "
                        "AND recording_ref IS NULL), count(*) FILTER (WHERE contact_party <> 'debtor' "
                        "AND contact_source = 'other')") if version == 2 else ""
    started = time.perf_counter()
    con.execute(f"CREATE TABLE daily AS SELECT collector, lender_code, debtor_token, local_date, count(*) AS calls "
                f"FROM {source} WHERE channel = 'call' GROUP BY ALL")
    con.execute("SELECT collector, lender_code, count(*) FROM daily WHERE calls > 6 GROUP BY ALL").fetchall()
    con.execute("SELECT collector, lender_code, count(DISTINCT debtor_token) FROM (SELECT *, sum(calls) OVER "
                "(PARTITION BY collector, lender_code, debtor_token ORDER BY local_date RANGE BETWEEN INTERVAL 6 DAYS "
                "PRECEDING AND CURRENT ROW) AS w FROM daily) WHERE w > 7 GROUP BY ALL").fetchall()
    con.execute(f"SELECT collector, lender_code, count(*) FROM (SELECT collector, lender_code, debtor_token FROM "
                f"{source} WHERE contact_party <> 'debtor' GROUP BY ALL HAVING count(DISTINCT contact_token) >= 5) "
                f"GROUP BY ALL").fetchall()
    con.execute(f"SELECT collector, lender_code, count(*), count(*) FILTER (WHERE channel = 'call') {version_2_counts} "
                f"FROM {source} GROUP BY ALL").fetchall()
    if version == 2:
        con.execute(f"SELECT c.collector, c.lender_code, count(*) FROM {source} c JOIN {accounts} a "
                    f"USING (collector, account_ref) WHERE c.channel <> 'letter' AND c.contact_party = 'debtor' "
                    f"AND c.local_date > a.stop_requested_on AND (a.stop_lifted_on IS NULL "
                    f"OR c.local_date < a.stop_lifted_on) GROUP BY ALL").fetchall()
        con.execute(f"SELECT c.collector, c.lender_code, count(*) FROM {source} c WHERE c.contact_party <> 'debtor' "
                    f"AND EXISTS (SELECT 1 FROM {source} r WHERE r.contact_party = 'debtor' AND ((r.channel = 'call' "
                    f"AND r.outcome = 'connected') OR r.channel = 'visit') AND r.collector = c.collector "
                    f"AND r.lender_code = c.lender_code AND r.debtor_token = c.debtor_token "
                    f"AND CAST(r.started_at AS TIMESTAMPTZ) < CAST(c.started_at AS TIMESTAMPTZ) "
                    f"AND r.local_date BETWEEN c.local_date - 2 AND c.local_date) GROUP BY ALL").fetchall()
    return time.perf_counter() - started


def add_month_options(parser: argparse.ArgumentParser) -> None:
    """The size of the month `build_files` writes."""
    parser.add_argument("--contacts", type=int, default=10_000_000)
    parser.add_argument("--debtors", type=int, default=1_000_000)
    parser.add_argument("--agencies", type=int, default=200)
    parser.add_argument("--lenders", type=int, default=50)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_month_options(parser)
    parser.add_argument("--version", type=int, choices=(1, 2), default=1,
                        help="the reports' contract version: 2 adds the five version 2 metrics to the work")
    add_keep_option(parser)
    args = parser.parse_args()

    with generated(Path(tempfile.mkdtemp(prefix="metrics-bench-", dir=ROOT / "bench")), keep=args.keep) as work:
        run_benchmark(args, work)


def run_benchmark(args, work: Path) -> None:
    os.environ.update({"DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}", "DATA_ROOT": str(work / "data"),
                       "DJANGO_SETTINGS_MODULE": "supervision.settings"})
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command

    from supervision.entities.models import Agency, Lender
    from supervision.metrics.models import MetricResult
    from supervision.metrics.selectors import contacts_behind
    from supervision.metrics.services import metrics_compute

    call_command("migrate", verbosity=0)
    folder = work / "data" / "reports" / "parquet"
    started = time.perf_counter()
    folder.mkdir(parents=True)
    build_files(folder, args.contacts, args.debtors, args.agencies, args.lenders, args.version)
    print(f"built {args.contacts:,} contacts, contract version {args.version}, in "
          f"{time.perf_counter() - started:.1f} s ({work})")

    lenders = Lender.objects.bulk_create([Lender(code=f"L{n:03d}", name=f"L{n}", type="other")
                                          for n in range(args.lenders)])
    agencies = Agency.objects.bulk_create([Agency(code=f"A{n:03d}", name=f"A{n}") for n in range(args.agencies)])
    period = dt.date(2026, 10, 1)
    register_month(lenders, agencies, period, args.version)

    bare = min(bare_queries(folder, args.version) for _ in range(2))
    started = time.perf_counter()
    stored = metrics_compute(period=period)
    whole = time.perf_counter() - started
    started = time.perf_counter()
    metrics_compute(period=period, collector_code="A007")
    one = time.perf_counter() - started
    result = MetricResult.objects.filter(scope="pair", collector_code="A007", metric="quiet_hours_contacts").first()
    started = time.perf_counter()
    columns, rows = contacts_behind(result=result, page=3)
    drill = time.perf_counter() - started

    added = ", version 2 metrics" if args.version == 2 else ""
    print(f"bare DuckDB queries (daily limit, 7-day, blasting, totals{added}): {bare:.2f} s")
    print(f"every metric, all collectors, results written ({stored:,} pair rows + roll-ups): {whole:.2f} s")
    print(f"ratio to the bare queries: {whole / bare:.2f}")
    print(f"one agency's month recomputed (reads only its files + daily summaries): {one:.2f} s")
    print(f"contacts behind one value, page 3 of {int(result.numerator) // 50 + 1}: {drill * 1000:.0f} ms, {len(rows)} rows")


if __name__ == "__main__":
    main()
