"""A month with a version 1 and a version 2 report (columns shuffled), loaded by import_report, computed under
both shipped profiles and printed by metrics_csv, against a computation of this test's own in plain Python over
the CSV files (datetime and loops, none of the product's SQL)."""

import csv
import datetime as dt
import io
from collections import defaultdict

import pytest
from django.core.management import call_command

from supervision.reporting.synthetic import write_report_files
from tests.factories import AgencyFactory, LenderFactory, MandateFactory

pytestmark = pytest.mark.django_db

LENDERS = ["LA", "LB"]
V2_METRICS = ("unrecorded_conversations", "unregistered_third_party_contacts", "third_party_while_reachable",
              "contacts_after_stop_request", "post_conversation_calls")
# The settings DOMAIN.md gives the shipped profiles: (reachable window, cooldown), and which rules they set.
PROFILES = {
    "CN": {"window": 3, "cooldown": None, "sets": {"unrecorded_conversations", "unregistered_third_party_contacts",
                                                   "third_party_while_reachable", "contacts_after_stop_request"}},
    "US Regulation F": {"window": None, "cooldown": 7, "sets": {"contacts_after_stop_request",
                                                                "post_conversation_calls"}},
}


def read(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def expected_counts(accounts_path, contacts_path, *, window: int | None, cooldown: int | None) -> dict:
    """{(lender, metric): count} for the five version 2 metrics, straight from DOMAIN.md's wording."""
    accounts = {row["account_ref"]: row for row in read(accounts_path)}
    contacts = read(contacts_path)
    for row in contacts:
        row["at"] = dt.datetime.fromisoformat(row["started_at"])
        row["day"] = row["at"].date()  # the local date: the date as written, in its own offset
    by_debtor = defaultdict(list)
    for row in contacts:
        by_debtor[(row["lender_code"], row["debtor_ref"])].append(row)

    def with_debtor(row) -> bool:
        return row["contact_party"] == "debtor"

    def reached(row) -> bool:
        return with_debtor(row) and (row["channel"] == "visit" or (row["channel"] == "call"
                                                                   and row["outcome"] == "connected"))

    counts = defaultdict(int)
    for row in contacts:
        lender, account = row["lender_code"], accounts[row["account_ref"]]
        same_debtor = by_debtor[(lender, row["debtor_ref"])]
        conversation = row["channel"] == "visit" or (row["channel"] == "call" and row["outcome"] == "connected")
        if conversation and not row["recording_ref"]:
            counts[(lender, "unrecorded_conversations")] += 1
        if not with_debtor(row) and row["contact_source"] == "other":
            counts[(lender, "unregistered_third_party_contacts")] += 1
        if not with_debtor(row) and window and any(
                reached(other) and other["at"] < row["at"]
                and row["day"] - dt.timedelta(days=window - 1) <= other["day"] <= row["day"] for other in same_debtor):
            counts[(lender, "third_party_while_reachable")] += 1
        requested, lifted = account["stop_requested_on"], account["stop_lifted_on"]
        if (row["channel"] != "letter" and with_debtor(row) and requested
                and row["day"] > dt.date.fromisoformat(requested)
                and (not lifted or row["day"] < dt.date.fromisoformat(lifted))):
            counts[(lender, "contacts_after_stop_request")] += 1
        if row["channel"] == "call" and with_debtor(row) and cooldown and any(
                other["channel"] == "call" and other["outcome"] == "connected" and with_debtor(other)
                and other["at"] < row["at"]
                and other["day"] <= row["day"] <= other["day"] + dt.timedelta(days=cooldown - 1)
                for other in same_debtor):
            counts[(lender, "post_conversation_calls")] += 1
    return counts


def test_both_versions_side_by_side_under_both_profiles_match_an_independent_count(tmp_path):
    lenders = [LenderFactory(code=code) for code in LENDERS]
    folders = {}
    for agency, version, seed in (("AA", 1, 5), ("AB", 2, 7)):
        entity = AgencyFactory(code=agency)
        for lender in lenders:
            MandateFactory(agency=entity, lender=lender)
        folders[agency] = write_report_files(tmp_path / agency, contacts=3000, debtors=150, lenders=LENDERS,
                                             version=version, shuffled=True, seed=seed)
        call_command("import_report", entity=agency, period="2026-10", accounts=folders[agency][0],
                     contacts=folders[agency][1], stdout=io.StringIO())

    for name, profile in PROFILES.items():
        call_command("compute_metrics", period="2026-10", profile=name, stdout=io.StringIO())
        out = io.StringIO()
        call_command("metrics_csv", period="2026-10", profile=name, stdout=out)
        printed = {(row["agency"], row["lender"], row["metric"]): row["value"]
                   for row in csv.DictReader(io.StringIO(out.getvalue())) if row["metric"] in V2_METRICS}
        expected = expected_counts(*folders["AB"], window=profile["window"], cooldown=profile["cooldown"])
        for lender in LENDERS:
            for metric in V2_METRICS:
                assert printed[("AA", lender, metric)] == "", (name, metric)  # version 1: not reported, not 0
                wanted = str(expected[(lender, metric)]) if metric in profile["sets"] else ""
                assert printed[("AB", lender, metric)] == wanted, (name, lender, metric)
        # Not an empty test: the data breaks each rule the profile sets.
        assert all(expected[("LA", metric)] > 0 for metric in profile["sets"]), (name, dict(expected))

