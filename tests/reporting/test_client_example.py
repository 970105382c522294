"""examples/submit_report.py against the live test server: a token made by the entity administrator, a dry run,
a submission followed until it is accepted; a rejected one prints its problems."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from supervision.accounts.tokens import token_create
from supervision.reporting.models import Report
from tests.reporting.builders import accounts_csv, contact, contacts_csv

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "submit_report.py"


@pytest.fixture
def token(alice_agency, mandate_a):
    alice_agency.is_entity_admin = True
    alice_agency.save()
    return token_create(by=alice_agency, name="example", scope="reports")[1]


def run(live_server, token: str, tmp_path, contacts: bytes, *extra: str) -> subprocess.CompletedProcess:
    (tmp_path / "accounts.csv").write_bytes(accounts_csv())
    (tmp_path / "contacts.csv").write_bytes(contacts)
    return subprocess.run(
        [sys.executable, str(EXAMPLE), "--url", live_server.url, "--period", "2026-10", "--accounts",
         str(tmp_path / "accounts.csv"), "--contacts", str(tmp_path / "contacts.csv"), "--poll-seconds", "0.2", *extra],
        env=os.environ | {"SUPERVISION_TOKEN": token}, capture_output=True, text=True, timeout=120)


@pytest.mark.django_db(transaction=True)
def test_the_example_submits_a_month_that_is_accepted(live_server, token, tmp_path):
    done = run(live_server, token, tmp_path, contacts_csv())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "accepted" in done.stdout and Report.objects.get().status == "accepted"


@pytest.mark.django_db(transaction=True)
def test_the_example_stops_at_the_dry_run_when_the_files_are_bad(live_server, token, tmp_path):
    done = run(live_server, token, tmp_path, contacts_csv(contact(channel="fax")))
    assert done.returncode == 1 and "channel = 'fax'" in done.stdout
    assert not Report.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_example_says_when_the_token_is_refused(live_server, tmp_path, mandate_a):
    done = run(live_server, "0" * 64, tmp_path, contacts_csv(), "--check-only")
    assert done.returncode == 2 and "401" in done.stderr
