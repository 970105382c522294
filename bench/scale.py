"""Benchmark: a month's metrics fanned out over 1 and over 2 Celery worker processes, with the data store on local
disk and on an S3-compatible object store (moto's server on loopback); and one report's ingest on each store.

Each worker process is given one core's worth of DuckDB (DUCKDB_THREADS=1), as a worker host would be given its
own cores: on this 2-core machine two such workers stand for two hosts. The register is a throwaway SQLite file
shared by the processes unless DATABASE_URL names a PostgreSQL database ending in _bench (emptied first: production's
register, where results are written with COPY); the broker and result store are Redis (REDIS_URL, default
redis://127.0.0.1:6379/13):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/supervision_bench .venv/bin/python bench/scale.py

Prints, for each store: the metrics time with 1 and with 2 workers (the median of --repeat runs, each listed, and
how many of the machine's cores were busy meanwhile) and the speed-up, from the medians and run by run; the CPU the
object store's server used per run; the time to read the month's contact files from the store (the transfer
share); and the ingest of one report on each store (the median of as many runs). The two sides of each comparison
run in turns, after one run each that is not counted (see `month_on_workers`).
"""

import argparse
import contextlib
import dataclasses
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.files import add_keep_option, generated  # noqa: E402
from bench.metrics import add_month_options, build_files, register_month  # noqa: E402

KEY = SECRET = "bench"


@contextlib.contextmanager
def s3_server(port: int):
    """moto's S3 server on loopback; yields its endpoint and process id."""
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", server.pid
    finally:
        server.terminate()
        server.wait(timeout=10)


def store_environment(endpoint: str | None, bucket: str) -> dict[str, str]:
    if endpoint is None:
        return {"DATA_URL": ""}
    return {"DATA_URL": f"s3://{bucket}/data", "DATA_S3_ENDPOINT_URL": endpoint, "DATA_S3_REGION": "us-east-1",
            "DATA_S3_ACCESS_KEY_ID": KEY, "DATA_S3_SECRET_ACCESS_KEY": SECRET}


@contextlib.contextmanager
def store_settings(environment: dict[str, str]):
    """This process's data store switched to `environment`'s (the workers get the same environment)."""
    from django.conf import settings

    from supervision.settings import object_store_files

    saved = {name: getattr(settings, name) for name in ("DATA_URL", "DATA_S3_ENDPOINT_URL", "DATA_S3_REGION",
                                                        "DATA_S3_ACCESS_KEY_ID", "DATA_S3_SECRET_ACCESS_KEY", "STORAGES")}
    for name, value in environment.items():
        setattr(settings, name, value)
    if environment["DATA_URL"]:
        settings.STORAGES = settings.STORAGES | {"default": object_store_files(
            environment["DATA_URL"], environment["DATA_S3_ENDPOINT_URL"], "us-east-1", KEY, SECRET)}
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(settings, name, value)


@contextlib.contextmanager
def workers(count: int, environment: dict[str, str], work: Path):
    """`count` worker processes of one pool process each, on a queue of their own; yields the queue."""
    queue = f"scale-{uuid.uuid4().hex[:8]}"
    processes = []
    for n in range(count):
        env = os.environ | environment | {"CELERY_TASK_DEFAULT_QUEUE": queue, "DUCKDB_THREADS": "1",
                                          "SCRATCH_ROOT": str(work / f"scratch-{queue}-{n}")}
        log = (work / f"worker-{queue}-{n}.log").open("w")
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "supervision", "worker", "-Q", queue, "-c", "1",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
    logs = [work / f"worker-{queue}-{n}.log" for n in range(count)]
    deadline = time.monotonic() + 60
    while not all("ready" in log.read_text() for log in logs):
        if time.monotonic() > deadline:
            sys.exit("the workers did not start: " + " ".join(str(log) for log in logs))
        time.sleep(0.2)
    try:
        yield queue
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)


def cpu_seconds() -> tuple[float, float]:
    """(busy, all) CPU time of the whole machine so far, every core summed, in clock ticks (Linux)."""
    user, nice, system, idle, iowait, *rest = (int(field) for field in Path("/proc/stat").read_text().split()[1:9])
    everything = user + nice + system + idle + iowait + sum(rest)
    return everything - idle - iowait, everything


def process_cpu_seconds(pid: int) -> float:
    """The CPU time a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


@dataclasses.dataclass
class Runs:
    """The runs of the month on one number of workers."""

    seconds: list[float] = dataclasses.field(default_factory=list)
    busy_ticks: int = 0  # of the whole machine, meanwhile
    all_ticks: int = 0
    store_cpu_seconds: float = 0.0  # used by the object store's server

    @property
    def cores_busy(self) -> float:
        return os.cpu_count() * self.busy_ticks / self.all_ticks


def month_on(queue: str, period, runs: Runs | None = None, store_pid: int | None = None) -> None:
    """The month computed once by the workers of `queue`, added to `runs`."""
    from supervision.celery import app
    from supervision.metrics.services import metrics_fan_out

    previous, app.conf.task_default_queue = app.conf.task_default_queue, queue
    try:
        busy_before, all_before = cpu_seconds()
        store_before = process_cpu_seconds(store_pid) if store_pid else 0.0
        started = time.perf_counter()
        metrics_fan_out(period=period).get(timeout=3600)
        seconds = time.perf_counter() - started
        busy_after, all_after = cpu_seconds()
        store_after = process_cpu_seconds(store_pid) if store_pid else 0.0
    finally:
        app.conf.task_default_queue = previous
    if runs is not None:
        runs.seconds.append(seconds)
        runs.busy_ticks += busy_after - busy_before
        runs.all_ticks += all_after - all_before
        runs.store_cpu_seconds += store_after - store_before


def month_on_workers(environment: dict[str, str], work: Path, period, repeat: int,
                     store_pid: int | None = None) -> dict[int, Runs]:
    """The month computed `repeat` times by 1 and by 2 workers, the two alternating on workers started once, after
    one run each that is not counted (a worker's first task loads its libraries and opens its connections, which a
    long-running worker does once). A run's time moves by 10 to 40% with the shared machine's other load; taking
    the runs of both in turns (1, 2, then 2, 1) exposes them to the same moments. Also measured: how many cores
    were busy on average (workers, PostgreSQL, Redis and the object store's server alike), and the CPU time of the
    object store's server (process `store_pid`)."""
    runs = {1: Runs(), 2: Runs()}
    with store_settings(environment), workers(1, environment, work) as one, workers(2, environment, work) as two:
        queues = {1: one, 2: two}
        for queue in queues.values():
            month_on(queue, period)
        for round_ in range(repeat):
            for count in (1, 2) if round_ % 2 == 0 else (2, 1):
                month_on(queues[count], period, runs[count], store_pid)
    return runs


def upload(folder: Path, endpoint: str, bucket: str) -> float:
    """The month's files put into the bucket under the store's layout."""
    import s3fs

    fs = s3fs.S3FileSystem(key=KEY, secret=SECRET, endpoint_url=endpoint)
    fs.mkdir(bucket)
    started = time.perf_counter()
    fs.put(str(folder) + "/", f"{bucket}/data/reports/parquet/", recursive=True)
    return time.perf_counter() - started


def read_contacts(environment: dict[str, str], reports) -> float:
    """Every byte of the month's contact files read from the store: the transfer inside a metrics run."""
    from supervision.reporting import storage

    with store_settings(environment):
        started = time.perf_counter()
        for report in reports:
            with storage.open_file(report.contacts_parquet) as file:
                while file.read(8 << 20):
                    pass
        return time.perf_counter() - started


def ingest(environment: dict[str, str], contacts: int, work: Path) -> tuple[float, int]:
    """One agency's report of `contacts` rows submitted and validated in this process, on the given store; returns
    the time and the size the store keeps the raw contacts file at (compressed on an object store). The raw files
    are deleted afterwards, so that the next run uploads them again (the raw store keeps one copy of the same
    bytes)."""
    import datetime as dt

    from supervision.entities.models import Agency, Lender
    from supervision.reporting import storage
    from supervision.reporting.services import report_submit, report_validate
    from supervision.reporting.synthetic import write_report_files

    folder = work / "ingest-files"
    if not folder.exists():
        write_report_files(folder, contacts=contacts, debtors=max(contacts // 10, 1),
                           lenders=list(Lender.objects.values_list("code", flat=True)[:3]), period="2026-09")
    agency = Agency.objects.create(code=f"I{uuid.uuid4().hex[:5].upper()}", name="ingest")
    with store_settings(environment):
        started = time.perf_counter()
        with (folder / "accounts.csv").open("rb") as accounts, (folder / "contacts.csv").open("rb") as contacts_file:
            report, _ = report_submit(submitter=agency, period=dt.date(2026, 9, 1), accounts=accounts,
                                      contacts=contacts_file, dispatch=False)
        report = report_validate(report_id=report.pk)
        seconds = time.perf_counter() - started
        raw = [storage.raw_path(report.accounts_sha256), storage.raw_path(report.contacts_sha256)]
        kept_bytes = storage.filesystem().size(storage.location(raw[1]))
        for relative in raw:
            storage.delete(relative)
    if report.status != "accepted":
        sys.exit(f"the ingest benchmark's report was {report.status}: {report.errors_preview[:3]}")
    return seconds, kept_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_month_options(parser)
    parser.add_argument("--ingest-contacts", type=int, default=2_000_000)
    parser.add_argument("--s3-port", type=int, default=5077)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the month per store and number of workers")
    add_keep_option(parser)
    args = parser.parse_args()
    with generated(Path(tempfile.mkdtemp(prefix="scale-bench-", dir=ROOT / "bench")), keep=args.keep) as work:
        run(args, work)


def run(args, work: Path) -> None:
    redis = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13"
    database = os.environ.get("DATABASE_URL") or f"sqlite:///{work / 'bench.sqlite3'}"
    if database.startswith("postgres") and not database.rstrip("/").endswith("_bench"):
        sys.exit("DATABASE_URL must name a PostgreSQL database ending in _bench (it is emptied), or be unset (SQLite).")
    os.environ.update({"DATABASE_URL": database, "DATA_ROOT": str(work / "data"), "REDIS_URL": redis,
                       "DJANGO_SETTINGS_MODULE": "supervision.settings",
                       "PSEUDONYM_KEY": os.environ.get("PSEUDONYM_KEY", "bench-pseudonym-key")})
    import datetime as dt

    import django

    django.setup()
    from django.core.management import call_command

    from supervision.entities.models import Agency, Lender
    from supervision.reporting.models import Report

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    print(f"register: {django.db.connection.vendor}")
    folder = work / "data" / "reports" / "parquet"
    folder.mkdir(parents=True)
    started = time.perf_counter()
    build_files(folder, args.contacts, args.debtors, args.agencies, args.lenders)
    print(f"built {args.contacts:,} contacts ({args.agencies} agencies) in {time.perf_counter() - started:.1f} s")
    lenders = Lender.objects.bulk_create([Lender(code=f"L{n:03d}", name=f"L{n}", type="other")
                                          for n in range(args.lenders)])
    agencies = Agency.objects.bulk_create([Agency(code=f"A{n:03d}", name=f"A{n}") for n in range(args.agencies)])
    period = dt.date(2026, 10, 1)
    register_month(lenders, agencies, period)
    Report.objects.filter(period=period).update(contacts_rows=args.contacts // args.agencies)
    reports = list(Report.objects.filter(period=period))

    disk = store_environment(None, "")
    with s3_server(args.s3_port) as (endpoint, store_pid):
        bucket = f"scale-{uuid.uuid4().hex[:8]}"
        print(f"month's files put into the object store: {upload(folder, endpoint, bucket):.1f} s "
              f"({sum(p.stat().st_size for p in folder.rglob('*.parquet')) / 1e6:.0f} MB)")
        remote = store_environment(endpoint, bucket)
        figures = {}
        for name, environment, pid in (("local disk", disk, None), ("object store", remote, store_pid)):
            measured = month_on_workers(environment, work, period, args.repeat, pid)
            for count, runs in measured.items():
                figures[name, count] = statistics.median(runs.seconds)
                print(f"{name:<13} metrics of the month, {count} worker{'s' if count > 1 else ''}: median "
                      f"{figures[name, count]:.2f} s (runs: {', '.join(f'{t:.2f}' for t in runs.seconds)}; "
                      f"cores busy: {runs.cores_busy:.2f} of {os.cpu_count()})", flush=True)
            ratios = [two / one for one, two in zip(measured[1].seconds, measured[2].seconds, strict=True)]
            print(f"{name:<13} 2 workers / 1 worker (medians): {figures[name, 2] / figures[name, 1]:.2f}; "
                  f"run by run: {', '.join(f'{ratio:.2f}' for ratio in ratios)}", flush=True)
            if pid:
                per_run = {count: runs.store_cpu_seconds / len(runs.seconds) for count, runs in measured.items()}
                print(f"{name:<13} server's CPU per run of the month (moto, on the same cores as the workers): "
                      f"{per_run[1]:.2f} s with 1 worker, {per_run[2]:.2f} s with 2", flush=True)
        transfer = read_contacts(remote, reports)
        print(f"object store: reading every contact file of the month: {transfer:.2f} s "
              f"({transfer / figures['object store', 1]:.0%} of the 1-worker time); "
              f"1 worker, object store / disk: {figures['object store', 1] / figures['local disk', 1]:.2f}")
        stores = {"local disk": disk, "object store": remote}
        for environment in stores.values():  # not counted: the first loads the libraries, as for the workers
            ingest(environment, args.ingest_contacts, work)
        runs = {name: [] for name in stores}
        for round_ in range(args.repeat):  # in turns, as the months
            for name in list(stores) if round_ % 2 == 0 else reversed(stores):
                runs[name].append(ingest(stores[name], args.ingest_contacts, work))
        ingested = {name: statistics.median(seconds for seconds, _kept in timed) for name, timed in runs.items()}
        print(f"object store: raw contacts.csv of {(work / 'ingest-files' / 'contacts.csv').stat().st_size / 1e6:.0f} "
              f"MB kept as {runs['object store'][0][1] / 1e6:.0f} MB (zstd)")
        print(f"ingest of one report ({args.ingest_contacts:,} contacts, median of {args.repeat}): "
              f"local disk {ingested['local disk']:.1f} s, object store {ingested['object store']:.1f} s, "
              f"ratio {ingested['object store'] / ingested['local disk']:.2f} (runs: "
              + "; ".join(f"{name} {', '.join(f'{seconds:.1f}' for seconds, _kept in timed)}" for name, timed in runs.items())
              + ")")
    shutil.rmtree(work / "ingest-files", ignore_errors=True)


if __name__ == "__main__":
    main()
