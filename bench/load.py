"""Benchmark: mixed load. The public complaint API (POST, anonymous) and the supervisors' overview
(GET, logged in) driven at the same time by two wrk processes on loopback, for a bounded time, against
gunicorn with DEBUG off. Prints throughput, latency percentiles and errors (non-2xx and socket errors)
for each, and how many complaints were stored.

It empties the database it is given, so it insists on a PostgreSQL database whose name ends in _bench:

    createdb -h 127.0.0.1 -U postgres supervision_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/supervision_bench .venv/bin/python bench/load.py

The public throttle (30 a minute per address in production) would refuse almost all of one machine's
load; the server here runs with it raised, so the figures measure the work, not the throttle.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dashboard import gunicorn, prepared_run, summary, supervisor_cookie, wrk  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--public-connections", type=int, default=10)
    parser.add_argument("--supervisor-connections", type=int, default=10)
    with prepared_run(parser, complaints=200_000, contacts=2_000_000) as args:
        from complaints.models import Complaint

        before = Complaint.objects.count()
        cookie = supervisor_cookie()
        with gunicorn(args.gunicorn, PUBLIC_THROTTLE_RATE="1000000/minute") as base:
            public = wrk(base + "/api/v1/complaints/", seconds=args.seconds, connections=args.public_connections,
                         script="wrk_complaint.lua")
            overview = wrk(base + "/dashboard/?from=2025-11&to=2026-10", seconds=args.seconds,
                           connections=args.supervisor_connections, headers=(f"Cookie: {cookie}",))
            print(f"{'public complaint API (POST)':<30} {summary(public)}", flush=True)
            print(f"{'overview (GET, supervisor)':<30} {summary(overview)}", flush=True)
        print(f"complaints stored during the run: {Complaint.objects.count() - before}")


if __name__ == "__main__":
    main()
