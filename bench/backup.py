"""Benchmark: `manage.py backup` and `manage.py restore --replace` of an instance holding 1,000,000 complaints and
a month of 10,000,000 contacts (its Parquet files, metrics and summaries), on PostgreSQL.

It empties the database it is given, so it insists on a PostgreSQL database whose name ends in _bench:

    createdb -h 127.0.0.1 -U postgres supervision_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/supervision_bench .venv/bin/python bench/backup.py

Prints each step's time and the backup's size, and checks that the restored instance has the same row count
in every table. `--skip-load` reuses what an earlier run kept (`--keep`).
"""

import argparse
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dashboard import DATA, load_market, setup_django  # noqa: E402
from bench.files import add_keep_option, generated  # noqa: E402


def table_counts() -> dict[str, int]:
    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for model in apps.get_models(include_auto_created=True):
            cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')  # noqa: S608 (our table names)
            counts[model._meta.db_table] = cursor.fetchone()[0]
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--contacts", type=int, default=10_000_000)
    parser.add_argument("--skip-load", action="store_true", help="reuse what an earlier run loaded and kept")
    add_keep_option(parser)
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    with generated(DATA, keep=args.keep):
        if not args.skip_load:
            load_market(complaints=args.complaints, contacts=args.contacts)
        before = table_counts()
        print(f"instance: {before['complaints_complaint']:,} complaints, "
              f"{sum(p.stat().st_size for p in DATA.rglob('*') if p.is_file()) / 1e6:,.0f} MB of files", flush=True)
        target = Path(tempfile.mkdtemp(prefix="backup-", dir=ROOT / "bench" / "out"))
        try:
            started = time.perf_counter()
            out = io.StringIO()
            call_command("backup", target, stdout=out)
            backed_up = time.perf_counter() - started
            size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
            print(f"backup: {backed_up:.1f} s, {size / 1e6:,.0f} MB ({out.getvalue().strip()})", flush=True)
            started = time.perf_counter()
            out = io.StringIO()
            call_command("restore", target, "--replace", stdout=out)
            restored = time.perf_counter() - started
            print(f"restore: {restored:.1f} s ({out.getvalue().strip()})", flush=True)
            after = table_counts()
            print("every table's row count after the restore: " + ("identical" if after == before else
                  f"DIFFERENT: {sorted(k for k in before if before[k] != after.get(k))}"))
        finally:
            shutil.rmtree(target, ignore_errors=True)


if __name__ == "__main__":
    main()
