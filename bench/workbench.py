"""Benchmark: the supervisor's workbench pages at national scale, on PostgreSQL, through the whole view stack.

- the complaint queue over 1,000,000 complaints: the first page, the 500th page (reached by its cursor),
  a filtered page (one lender, forwarded, by due date), and "assigned to me";
- the metrics page for 250 agencies with 12 months of results (sparklines included).

It empties the complaint and metric tables of the database it is given, so it insists on a name ending in _bench:

    createdb -h 127.0.0.1 -U postgres supervision_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/supervision_bench .venv/bin/python bench/workbench.py
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supervision.settings")


def load_metric_results(agencies: list, months: int) -> None:
    """Every metric of every agency for `months` months, written in SQL, with a risk score each."""
    from django.db import connection

    from supervision.core.months import last_month, month_start
    from supervision.metrics.definitions import METRICS
    from supervision.rules.models import default_profile

    profile = default_profile()
    first = month_start(last_month(), -(months - 1))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE metrics_metricresult, metrics_riskscore RESTART IDENTITY CASCADE")
        cursor.execute(
            """
            INSERT INTO metrics_metricresult (scope, entity_key, collector_code, agency_id, lender_id, period, metric,
                                              value, numerator, denominator, profile_id, computed_at)
            SELECT 'agency', 'agency:' || a.code, a.code, a.id, NULL, (%(first)s::date + m * interval '1 month')::date,
                   metric, CASE WHEN metric = 'contacts' THEN 50000 ELSE (a.id * 7 + m * 13) %% 500 END,
                   CASE WHEN metric = 'contacts' THEN 50000 ELSE (a.id * 7 + m * 13) %% 500 END,
                   CASE WHEN metric = 'contacts' THEN NULL ELSE 50000 END, %(profile)s, now()
            FROM entities_agency a, generate_series(0, %(months)s - 1) m, unnest(%(metrics)s::text[]) metric
            WHERE a.code LIKE 'BA%%'
            """, {"first": first, "months": months, "metrics": list(METRICS), "profile": profile.pk})
        cursor.execute(
            """
            INSERT INTO metrics_riskscore (scope, entity_key, agency_id, lender_id, period, score, components,
                                           profile_id, computed_at)
            SELECT 'agency', entity_key, agency_id, NULL, period, (agency_id * 11) % 100, '{}', profile_id, now()
            FROM metrics_metricresult WHERE metric = 'contacts'
            """)
        cursor.execute("ANALYZE metrics_metricresult; ANALYZE metrics_riskscore")


def timed(client, path: str, params: dict, repeat: int, before=None) -> tuple[float, float]:
    timings = []
    for _ in range(repeat):
        if before:
            before()
        tick = time.perf_counter()
        response = client.get(path, params)
        timings.append((time.perf_counter() - tick) * 1000)
        assert response.status_code == 200, response.status_code
    timings.sort()
    return statistics.median(timings), timings[max(0, round(0.95 * len(timings)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--agencies", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()

    from bench.complaint_stats import bench_database, load_complaints

    bench_database(agencies=args.agencies)
    from django.core.cache import cache

    from bench.dashboard import verified_client
    from complaints import queue
    from complaints.models import Complaint
    from supervision.accounts.models import Role, User
    from supervision.entities.models import Agency
    supervisor, _ = User.objects.get_or_create(username="bench_supervisor", defaults={"role": Role.SUPERVISOR})
    started = time.perf_counter()
    if Complaint.objects.count() != args.complaints:  # a second run reuses the first one's complaints
        load_complaints(args.complaints, lender_prefix="BL", agency_prefix="BA")
        print(f"loaded {args.complaints:,} complaints in {time.perf_counter() - started:.1f} s")
    Complaint.objects.filter(pk__gt=args.complaints - 5000).update(assignee=supervisor)
    started = time.perf_counter()
    load_metric_results(list(Agency.objects.all()), months=12)
    print(f"loaded 12 months of metrics for {args.agencies} agencies in {time.perf_counter() - started:.1f} s")

    client = verified_client(supervisor)
    # The 500th page's cursor, found by walking the queue the way a person paging would.
    cursor = ""
    for _ in range(499):
        cursor = queue.queue_page(Complaint.objects.all(), after=cursor).next_cursor
    cases = [
        ("queue, first page", "/complaints/", {}),
        ("queue, page 500", "/complaints/", {"after": cursor}),
        ("queue, lender + forwarded, by due", "/complaints/", {"lender": "BL007", "status": "forwarded", "sort": "due"}),
        ("queue, assigned to me", "/complaints/", {"mine": "1"}),
        (f"metrics page, {args.agencies} agencies x 12 months", "/metrics/", {}),
        ("metrics page, sorted by night contacts", "/metrics/", {"sort": "-quiet_hours_contacts", "page": "3"}),
    ]
    print(f"{'page':<44} {'median ms':>10} {'p95 ms':>8}")
    for name, path, params in cases:
        client.get(path, params)  # warm: the first request compiles templates
        median, p95 = timed(client, path, params, args.repeat)
        print(f"{name:<44} {median:>10.1f} {p95:>8.1f}")
        if path == "/metrics/":  # the table is cached per data version: also time it built afresh
            median, p95 = timed(client, path, params, args.repeat, before=cache.clear)
            print(f"{name + ', uncached':<44} {median:>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
