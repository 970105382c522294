"""Benchmark: the complaint stats endpoint over 1,000,000 complaints on PostgreSQL.

Loads synthetic complaints with one INSERT ... SELECT over generate_series (no ORM rows), then
times GET /api/v1/complaints/stats/ for each group_by, with and without a filter.
It empties the complaint tables of the database it is given, so it insists on a name ending in _bench:

    createdb -h 127.0.0.1 -U postgres supervision_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/supervision_bench .venv/bin/python bench/complaint_stats.py
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


def load_complaints(count: int, *, lender_prefix: str, agency_prefix: str) -> None:
    """Replace every complaint with `count` synthetic ones over two years, in SQL (no ORM rows)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE complaints_complaintcategory, complaints_complaintevent, complaints_evidence, "
                       "complaints_personaldataaccess, complaints_complaint RESTART IDENTITY CASCADE")
        cursor.execute("SELECT array_agg(id ORDER BY code) FROM entities_lender WHERE code LIKE %s", [lender_prefix + "%"])
        lender_ids = cursor.fetchone()[0]
        cursor.execute("SELECT array_agg(id ORDER BY code) FROM entities_agency WHERE code LIKE %s", [agency_prefix + "%"])
        agency_ids = cursor.fetchone()[0]
        cursor.execute(
            """
            INSERT INTO complaints_complaint (
              created_at, updated_at, receipt_no, tracking_digest, source, external_id, received_at, complainant_role,
              lender_id, lender_name, collector_kind, agency_id, collector_name, channel, narrative,
              narrative_fingerprint, suggested_categories, region, complainant_name, complainant_phone,
              complainant_email, consent_to_share, status, outcome, response_explanation, response_remedy,
              response_resolution, jrt_codes, source_detail, forwarded_at, response_due, consent_to_publish,
              narrative_withheld, narrative_withheld_reason, response_type, public_statement)
            SELECT now(), now(), 'B' || n, md5(n::text), 'web', '', now() - (n %% 730) * interval '1 day',
                   'borrower', (%(lenders)s::bigint[])[1 + n %% %(lender_count)s], '', 'agency',
                   CASE WHEN n %% 10 = 0 THEN NULL ELSE (%(agencies)s::bigint[])[1 + (n * 7) %% %(agency_count)s] END,
                   '', 'call', '', '', '[]',
                   (ARRAY['GD','SH','BJ','ZJ','JS','SC','HB','HN'])[1 + n %% 8], '', '', '', false,
                   (ARRAY['received','triaged','forwarded','responded','closed'])[1 + n %% 5],
                   CASE WHEN n %% 5 = 4 THEN 'upheld' ELSE '' END, '', '', '', '', '{}',
                   CASE WHEN n %% 5 >= 2 THEN now() - (n %% 730) * interval '1 day' + interval '2 days' END,
                   CASE WHEN n %% 5 >= 2 THEN now() - (n %% 730) * interval '1 day' + interval '17 days' END,
                   false, false, '', '', ''
            FROM generate_series(1, %(count)s) AS n
            """,
            {"lenders": lender_ids, "agencies": agency_ids, "count": count, "lender_count": len(lender_ids),
             "agency_count": len(agency_ids)},
        )
        cursor.execute(
            """
            INSERT INTO complaints_complaintcategory (complaint_id, code)
            SELECT id, (ARRAY['contact_blasting','third_party_harassment','excessive_frequency','quiet_hours',
                              'threats_insults','impersonation','deferral_breach','post_settlement'])[1 + id % 8]
            FROM complaints_complaint
            UNION ALL
            SELECT id, 'quiet_hours' FROM complaints_complaint WHERE id % 3 = 0 AND id % 8 <> 3
            """
        )
        cursor.execute("ANALYZE complaints_complaint; ANALYZE complaints_complaintcategory")


def bench_database(*, agencies: int = 200) -> None:
    """Set Django up on a PostgreSQL database named *_bench (refusing any other), migrated, with 50 lenders
    (BL000…) and `agencies` agencies (BA000…)."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql" or not database["NAME"].endswith("_bench"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name ends in _bench (it will be emptied).")
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)

    from supervision.entities.models import Agency, Lender

    Lender.objects.bulk_create([Lender(code=f"BL{n:03d}", name=f"基准放贷机构{n}", type="online_platform", province="GD")
                                for n in range(50)], ignore_conflicts=True)
    Agency.objects.bulk_create([Agency(code=f"BA{n:03d}", name=f"基准催收机构{n}", province="SH")
                                for n in range(agencies)], ignore_conflicts=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    bench_database()

    from rest_framework.test import APIClient

    from supervision.accounts.models import Role, User
    from supervision.dashboard.services import complaint_counts_refresh

    started = time.perf_counter()
    load_complaints(args.complaints, lender_prefix="BL", agency_prefix="BA")
    print(f"loaded {args.complaints:,} complaints in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    complaint_counts_refresh()  # what the debounced job does after complaints change
    print(f"monthly counts precomputed in {time.perf_counter() - started:.1f} s")

    supervisor, _ = User.objects.get_or_create(username="bench_supervisor", defaults={"role": Role.SUPERVISOR})
    client = APIClient()
    client.force_authenticate(supervisor)
    print(f"{'group_by':<10} {'filter':<24} {'median ms':>10} {'max ms':>8} rows")
    for group_by in ("lender", "agency", "category", "month", "province"):
        # Whole months are answered from the precomputed counts; a day inside a month needs the live count.
        for label, extra in (("none", {}), ("lender + 3 months", {"lender": "BL007", "received_from": "2026-08-01"}),
                             ("lender + 90 days (live)", {"lender": "BL007", "received_from": "2026-08-26"})):
            timings, rows = [], 0
            for _ in range(args.repeat):
                tick = time.perf_counter()
                response = client.get("/api/v1/complaints/stats/", {"group_by": group_by, **extra})
                timings.append((time.perf_counter() - tick) * 1000)
                assert response.status_code == 200, response.content
                rows = len(response.json())
            print(f"{group_by:<10} {label:<24} {statistics.median(timings):>10.1f} {max(timings):>8.1f} {rows}")


if __name__ == "__main__":
    main()
