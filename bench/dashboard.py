"""Benchmark: the overview and an entity page under 20 concurrent users, with 1,000,000 complaints and
10,000,000 contacts loaded, served by gunicorn on loopback and driven by wrk (Debian package `wrk`).

It empties the database it is given, so it insists on a PostgreSQL database whose name ends in _bench:

    createdb -h 127.0.0.1 -U postgres supervision_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/supervision_bench .venv/bin/python bench/dashboard.py
"""

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "bench" / "out" / "dashboard-data"
PORT = 8765


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--contacts", type=int, default=10_000_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--skip-load", action="store_true", help="reuse what an earlier run loaded")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")

    os.environ.update({"DATA_ROOT": str(DATA), "DJANGO_SETTINGS_MODULE": "supervision.settings"})
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql" or not database["NAME"].endswith("_bench"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name ends in _bench (it will be emptied).")
    call_command("migrate", verbosity=0)

    from bench.complaint_stats import load_complaints
    from bench.metrics import build_files, register_month
    from supervision.accounts.models import Role, User
    from supervision.dashboard.services import complaint_counts_refresh
    from supervision.entities.models import Agency, Lender, Mandate
    from supervision.metrics.services import metrics_compute
    from supervision.reporting.models import Report

    period = dt.date(2026, 10, 1)
    if not args.skip_load:
        started = time.perf_counter()
        Report.objects.all().delete()
        lenders = Lender.objects.bulk_create([Lender(code=f"L{n:03d}", name=f"基准放贷机构{n}", type="online_platform",
                                                     province="GD") for n in range(50)], ignore_conflicts=True)
        agencies = Agency.objects.bulk_create([Agency(code=f"A{n:03d}", name=f"基准催收机构{n}", province="SH")
                                               for n in range(200)], ignore_conflicts=True)
        lenders, agencies = list(Lender.objects.filter(code__startswith="L")), list(Agency.objects.filter(code__startswith="A"))
        load_complaints(args.complaints, lender_prefix="L", agency_prefix="A")
        print(f"complaints loaded: {time.perf_counter() - started:.1f} s", flush=True)
        shutil.rmtree(DATA, ignore_errors=True)
        (DATA / "reports" / "parquet").mkdir(parents=True)
        build_files(DATA / "reports" / "parquet", args.contacts, args.contacts // 10, len(agencies), len(lenders))
        Mandate.objects.all().delete()
        register_month(lenders, agencies, period)
        metrics_compute(period=period)
        complaint_counts_refresh()
        print(f"all loaded and precomputed: {time.perf_counter() - started:.1f} s", flush=True)

    supervisor, _ = User.objects.get_or_create(username="bench_supervisor", defaults={"role": Role.SUPERVISOR})
    client = Client()
    client.force_login(supervisor)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    env = os.environ | {"DEBUG": "false", "SECURE_SSL_REDIRECT": "false", "ALLOWED_HOSTS": "127.0.0.1",
                        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "supervision.wsgi", "-w", "2", "-b",
                               f"127.0.0.1:{PORT}", "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        for name, path in (("overview, 12 months", "/dashboard/?from=2025-11&to=2026-10"),
                           ("overview, one lender", "/dashboard/?from=2025-11&to=2026-10&lender=L007"),
                           ("entity page (agency)", "/dashboard/agency/A007/?from=2025-11&to=2026-10")):
            result = subprocess.run(
                ["wrk", "-t2", "-c20", f"-d{args.seconds}s", "--timeout", "10s", "-s",
                 str(ROOT / "bench" / "wrk_percentiles.lua"), "-H", f"Cookie: {cookie}",
                 f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True)
            print(f"{name:<24} {result.stdout.strip().splitlines()[-1]}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
