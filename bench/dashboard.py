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
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.files import add_keep_option, generated  # noqa: E402

DATA = ROOT / "bench" / "out" / "dashboard-data"
PORT = 8765


def setup_django() -> None:
    os.environ.update({"DATA_ROOT": str(DATA), "DJANGO_SETTINGS_MODULE": "supervision.settings"})
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql" or not database["NAME"].endswith("_bench"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name ends in _bench (it will be emptied).")
    call_command("migrate", verbosity=0)
    settings.ALLOWED_HOSTS = ["testserver"]  # the in-process client of the uncached measurement


def load_market(*, complaints: int, contacts: int, period: dt.date = dt.date(2026, 10, 1)) -> None:
    """50 lenders, 200 agencies, `complaints` over two years and a month of `contacts`, all precomputed."""
    from bench.complaint_stats import load_complaints
    from bench.metrics import build_files, register_month
    from supervision.dashboard.services import complaint_counts_refresh
    from supervision.entities.models import Agency, Lender, Mandate
    from supervision.metrics.services import metrics_compute
    from supervision.reporting.models import Report

    started = time.perf_counter()
    Report.objects.all().delete()
    Lender.objects.bulk_create([Lender(code=f"L{n:03d}", name=f"基准放贷机构{n}", type="online_platform",
                                       province="GD") for n in range(50)], ignore_conflicts=True)
    Agency.objects.bulk_create([Agency(code=f"A{n:03d}", name=f"基准催收机构{n}", province="SH")
                                for n in range(200)], ignore_conflicts=True)
    lenders, agencies = list(Lender.objects.filter(code__startswith="L")), list(Agency.objects.filter(code__startswith="A"))
    load_complaints(complaints, lender_prefix="L", agency_prefix="A")
    print(f"complaints loaded: {time.perf_counter() - started:.1f} s", flush=True)
    shutil.rmtree(DATA, ignore_errors=True)
    (DATA / "reports" / "parquet").mkdir(parents=True)
    build_files(DATA / "reports" / "parquet", contacts, contacts // 10, len(agencies), len(lenders))
    Mandate.objects.all().delete()
    register_month(lenders, agencies, period)
    metrics_compute(period=period)
    complaint_counts_refresh()
    print(f"all loaded and precomputed: {time.perf_counter() - started:.1f} s", flush=True)


def verified_client(user):
    """A test client logged in as `user` with the second factor given, as after typing the code: without it every
    page answers with a redirect to the second factor, and the redirect would be measured instead of the page."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
              or TOTPDevice.objects.create(user=user, name="bench authenticator", confirmed=True))
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def supervisor_cookie() -> str:
    """The cookies of a supervisor's browser after a first page: the session, and the CSRF cookie that page set."""
    from supervision.accounts.models import Role, User

    supervisor, _ = User.objects.get_or_create(username="bench_supervisor", defaults={"role": Role.SUPERVISOR})
    client = verified_client(supervisor)
    client.get("/dashboard/")
    return "; ".join(f"{name}={client.cookies[name].value}" for name in ("sessionid", "csrftoken"))


def status_of(url: str, cookie: str) -> int:
    """The status gunicorn answers with (a redirect is not followed): wrk counts a redirect as a success."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", f"{parts.path}?{parts.query}", headers={"Cookie": cookie})
    return connection.getresponse().status


@contextmanager
def gunicorn(options: str = "", **environment: str):
    """The product as production runs it (DEBUG off, deploy/gunicorn.conf.py, unless `options` override it) on
    loopback, until the block ends."""
    env = os.environ | {"DEBUG": "false", "SECURE_SSL_REDIRECT": "false", "ALLOWED_HOSTS": "127.0.0.1",
                        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage", **environment}
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
                               *options.split(), "-b", f"127.0.0.1:{PORT}", "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{PORT}"
    finally:
        server.terminate()
        server.wait(timeout=20)


def wrk(url: str, *, seconds: int, connections: int, script: str = "wrk_percentiles.lua",
        headers: tuple[str, ...] = ()) -> subprocess.Popen:
    """Start wrk (bounded: `seconds`, loopback only); its last line is the percentiles script's summary."""
    command = ["wrk", "-t1" if connections < 4 else "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", script, *[part for header in headers for part in ("-H", header)], url]
    return subprocess.Popen(command, cwd=ROOT / "bench", stdout=subprocess.PIPE, text=True)


def summary(process: subprocess.Popen) -> str:
    out, _ = process.communicate()
    if process.returncode:
        sys.exit(f"wrk failed: {out}")
    return out.strip().splitlines()[-1]


@contextmanager
def prepared_run(parser: argparse.ArgumentParser, *, complaints: int, contacts: int):
    """The options every load benchmark shares; Django set up and the market loaded (unless --skip-load);
    the month's files removed at the end unless --keep."""
    parser.add_argument("--complaints", type=int, default=complaints, help="complaints loaded before the run")
    parser.add_argument("--contacts", type=int, default=contacts, help="contacts of the month loaded before")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--skip-load", action="store_true", help="reuse what an earlier run loaded and kept")
    parser.add_argument("--gunicorn", default="", help='gunicorn options to compare, e.g. "-w 4" or '
                        '"-k gthread -w 2 --threads 4" (default: deploy/gunicorn.conf.py)')
    add_keep_option(parser)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    setup_django()
    with generated(DATA, keep=args.keep):
        if not args.skip_load:
            load_market(complaints=args.complaints, contacts=args.contacts)
        yield args


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    with prepared_run(parser, complaints=1_000_000, contacts=10_000_000) as args, gunicorn(args.gunicorn) as base:
        cookie = supervisor_cookie()
        for name, path in (("overview, 12 months", "/dashboard/?from=2025-11&to=2026-10"),
                           ("overview, one lender", "/dashboard/?from=2025-11&to=2026-10&lender=L007"),
                           ("entity page (agency)", "/dashboard/agency/A007/?from=2025-11&to=2026-10")):
            if status_of(base + path, cookie) != 200:
                sys.exit(f"{path} does not answer 200 to the supervisor")
            run = wrk(base + path, seconds=args.seconds, connections=20, headers=(f"Cookie: {cookie}",))
            print(f"{name:<24} {summary(run)}", flush=True)
    print(f"{'overview, uncached':<24} {uncached('/dashboard/?from=2025-11&to=2026-10')}", flush=True)


def uncached(path: str, runs: int = 7) -> str:
    """A page built afresh, in this process: what the first reader after a write waits."""
    import statistics

    from supervision.accounts.models import User
    from supervision.core.versions import tables_changed

    client = verified_client(User.objects.get(username="bench_supervisor"))
    client.get(path)  # imports and connections warmed
    times = []
    for _ in range(runs):
        tables_changed("dashboard_complaintmonthcount")  # as a refresh of the counts would
        started = time.perf_counter()
        assert client.get(path).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    return f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms ({runs} runs)"


if __name__ == "__main__":
    main()
