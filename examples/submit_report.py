"""Submit a month's conduct report with an API token: check it, send it, follow its validation.

    python submit_report.py --url https://supervision.example --period 2026-10 \
        --accounts accounts.csv --contacts contacts.csv [--check-only]

The token is read from the environment (SUPERVISION_TOKEN), so it does not land in a shell's history. Needs only
the `requests` package. Exit status: 0 accepted (or passes the check), 1 rejected, 2 the server refused the call.
"""

import argparse
import os
import sys
import time

import requests


def post_files(session: requests.Session, url: str, args) -> requests.Response:
    with open(args.accounts, "rb") as accounts, open(args.contacts, "rb") as contacts:
        return session.post(url, data={"period": args.period},
                            files={"accounts": (os.path.basename(args.accounts), accounts),
                                   "contacts": (os.path.basename(args.contacts), contacts)}, timeout=600)


def refused(response: requests.Response) -> int:
    print(f"the server refused the call ({response.status_code}): {response.text[:2000]}", file=sys.stderr)
    return 2


def print_errors(errors: list[dict], count: int) -> None:
    print(f"{count} problem(s):")
    for error in errors:
        print(f"  {error['file']} line {error['line']}, {error['column']} = {error['value']!r}: {error['message']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="the platform's address, e.g. https://supervision.example")
    parser.add_argument("--period", required=True, help="the month, YYYY-MM")
    parser.add_argument("--accounts", required=True)
    parser.add_argument("--contacts", required=True)
    parser.add_argument("--check-only", action="store_true", help="run every check and store nothing")
    parser.add_argument("--poll-seconds", type=float, default=2.0)
    args = parser.parse_args()
    token = os.environ.get("SUPERVISION_TOKEN")
    if not token:
        parser.error("set SUPERVISION_TOKEN to an API token made on the platform's API tokens page")
    api = args.url.rstrip("/") + "/api/v1/reports/"
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"

    # 1. The dry run: the same checks and error report as a submission, nothing stored.
    response = post_files(session, api + "validate/", args)
    if response.status_code != 200:
        return refused(response)
    checked = response.json()
    if not checked["accepted"]:
        print_errors(checked["errors"], checked["error_count"])
        return 1
    print(f"the files pass every check: {checked['accounts_rows']} accounts, {checked['contacts_rows']} contacts")
    if args.check_only:
        return 0

    # 2. The submission, then its validation followed until it is decided.
    response = post_files(session, api, args)
    if response.status_code not in (200, 201):
        return refused(response)
    report = response.json()
    print(f"report {report['id']} received")
    while report["status"] in ("received", "validating"):
        time.sleep(args.poll_seconds)
        report = session.get(f"{api}{report['id']}/", timeout=60).json()
        print(f"  {report['status']} {report['progress']}% {report['stage']}")
    if report["status"] != "accepted":
        errors = session.get(f"{api}{report['id']}/errors/", timeout=600)
        print(errors.text)
        return 1
    print(f"report {report['id']} accepted: {report['contacts_rows']} contacts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
