"""Benchmark: a month's contacts.csv validated, pseudonymised and stored end to end.

Prints our time, the plain DuckDB CSV-to-Parquet copy of the same file in the same run, their
ratio, and the peak memory of the process that ran the ingest. Each measurement runs in a fresh
process so peak memory is its own.

    .venv/bin/python bench/ingest.py --contacts 10000000
"""

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.files import add_keep_option, generated  # noqa: E402

LENDERS = ["L001", "L002", "L003", "L004", "L005"]


def run_baseline(contacts: Path, out: Path) -> dict:
    import duckdb

    started = time.perf_counter()
    duckdb.connect().execute(f"COPY (SELECT * FROM read_csv('{contacts}')) TO '{out}' (FORMAT parquet)")
    return {"seconds": time.perf_counter() - started}


def run_ingest(accounts: Path, contacts: Path, out: Path, memory_limit: str) -> dict:
    from supervision.reporting.ingest import ReportContext, ingest_report

    stages = []
    started = time.perf_counter()
    result = ingest_report(
        accounts=accounts, contacts=contacts,
        context=ReportContext(period=dt.date(2026, 10, 1), lender_codes=LENDERS, submitter_code="A001",
                              pseudonym_key=b"bench-key"),
        accounts_target=out / "accounts.parquet", contacts_target=out / "contacts.parquet",
        errors_target=out / "errors.csv", scratch_root=out / "scratch",
        progress=lambda percent, stage: stages.append((stage, round(time.perf_counter() - started, 2))),
        memory_limit=memory_limit,
    )
    assert result.accepted, result.errors_preview[:5]
    return {"seconds": time.perf_counter() - started, "rows": result.contacts_rows, "stages": stages}


CODECS = ("zstd", "zstd, COMPRESSION_LEVEL 1", "snappy", "lz4_raw")


def run_codecs(contacts: Path, scratch: Path) -> dict:
    """The accepted contacts written again with each codec: the time to write and the size, for choosing one."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    figures = {}
    for codec in CODECS:
        target = scratch / "codec.parquet"
        started = time.perf_counter()
        con.execute(f"COPY (SELECT * FROM read_parquet('{contacts}')) TO '{target}' (FORMAT parquet, COMPRESSION {codec})")
        figures[codec] = {"seconds": time.perf_counter() - started, "mb": target.stat().st_size / 1e6}
    return figures


def measure(kind: str, *args: str) -> dict:
    """Run one measurement in a child process; add its peak resident memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    output = subprocess.run([sys.executable, __file__, "--child", kind, *args], check=True, capture_output=True, text=True)
    figures = json.loads(output.stdout.strip().splitlines()[-1])
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if figures["peak_rss_mb"] <= before / 1024:
        figures["peak_rss_mb"] = None  # a smaller child than an earlier one: getrusage keeps the maximum
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=10_000_000)
    parser.add_argument("--debtors", type=int, default=1_000_000)
    parser.add_argument("--memory-limit", default="1GB")
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--child", nargs="+")
    add_keep_option(parser)
    args = parser.parse_args()

    if args.child:
        kind, *paths = args.child
        if kind == "baseline":
            figures = run_baseline(Path(paths[0]), Path(paths[1]))
        elif kind == "codecs":
            figures = run_codecs(Path(paths[0]), Path(paths[1]))
        else:
            figures = run_ingest(Path(paths[0]), Path(paths[1]), Path(paths[2]), paths[3])
        print(json.dumps(figures))
        return

    from supervision.reporting.synthetic import write_report_files

    with generated(args.data / f"report-{args.contacts}", keep=args.keep) as folder:
        if not (folder / "contacts.csv").exists():  # a file kept by an earlier run is used again
            print(f"generating {args.contacts:,} contacts in {folder} ...", flush=True)
            write_report_files(folder, contacts=args.contacts, debtors=args.debtors, lenders=LENDERS)
        size_mb = (folder / "contacts.csv").stat().st_size / 1e6
        with tempfile.TemporaryDirectory(dir=args.data) as scratch:
            ingest = measure("ingest", str(folder / "accounts.csv"), str(folder / "contacts.csv"), scratch,
                             args.memory_limit)
            baseline = measure("baseline", str(folder / "contacts.csv"), str(Path(scratch) / "baseline.parquet"))
            codecs = measure("codecs", str(Path(scratch) / "contacts.parquet"), scratch)
    rows = ingest["rows"]
    print(f"contacts.csv: {rows:,} rows, {size_mb:,.0f} MB")
    print(f"plain DuckDB CSV->Parquet copy: {baseline['seconds']:.1f} s ({rows / baseline['seconds'] / 1e6:.2f} M rows/s)")
    print(f"ingest (validate + pseudonymise + store): {ingest['seconds']:.1f} s ({rows / ingest['seconds'] / 1e6:.2f} M rows/s)")
    print(f"ratio to the plain copy: {ingest['seconds'] / baseline['seconds']:.2f}")
    print(f"peak memory of the ingest process: {ingest['peak_rss_mb']:.0f} MB (DuckDB memory_limit {args.memory_limit})")
    print("stage timeline (s from start):", ", ".join(f"{stage} {at}" for stage, at in ingest["stages"]))
    print("accepted contacts rewritten per codec:", "; ".join(
        f"{codec} {figures['seconds']:.1f} s, {figures['mb']:.0f} MB" for codec, figures in codecs.items()
        if codec != "peak_rss_mb"))


if __name__ == "__main__":
    main()
