"""The demo: each app's demo data, loaded in the order the product would have made it.

Register, users, six months of reports (each accepted report computes its month's metrics), then a
year of complaints announced as one change (so their complaint metrics and counts are recomputed once,
after the metrics they belong to), last month under the second rule profile too (for comparing), some
complaints assigned to staff, then the inspections that alerts propose and a little triage of the
older months' alerts, what the publication rule puts in the public database, and last a legal hold and the
retention schedule's first run.
"""

from collections.abc import Callable

from complaints.demo import demo_complaints, demo_queue_work
from complaints.signals import changes_batched
from supervision.accounts.demo import demo_users
from supervision.core.months import last_month, month_start
from supervision.entities.demo import demo_register_files
from supervision.entities.services import register_import
from supervision.inspections.demo import demo_inspections
from supervision.metrics.demo import demo_alert_triage
from supervision.metrics.services import metrics_compute
from supervision.operations.demo import demo_operations
from supervision.provisions.models import Provision
from supervision.provisions.services import DATA, provisions_load
from supervision.public.demo import demo_publication
from supervision.reporting.demo import demo_reports
from supervision.rules.models import RuleProfile, default_profile

REPORT_MONTHS = 6


def seed_demo(*, seed: int, say: Callable[[str], None] = print) -> list[tuple[str, str, str]]:
    """Load everything; returns the demo users' (username, password, description)."""
    default_profile()  # the shipped rule profiles, then the provisions library mapped to them (migrations load
    if not Provision.objects.exists():  # both; a database emptied since, as tests do, gets them back here)
        provisions_load(path=DATA / "provisions-v1.json")
    lenders, agencies, mandates = demo_register_files(seed=seed)
    result = register_import(lenders=lenders, agencies=agencies, mandates=mandates)
    say(f"register: created {result.created}, updated {result.updated}")
    credentials = demo_users()
    for months_ago in reversed(range(REPORT_MONTHS)):
        period = month_start(last_month(), -months_ago)
        reports = demo_reports(seed=seed, period=period, months_ago=months_ago, reject_one=months_ago == 0)
        say(f"reports for {period:%Y-%m}: " + ", ".join(f"{r.submitter.code} {r.status}" for r in reports))
    with changes_batched():
        say(f"complaints: {demo_complaints(seed=seed)} created")
    # Last month under the second shipped profile too, so that the profiles can be compared side by side.
    other = RuleProfile.objects.exclude(pk=default_profile().pk).order_by("name", "-version").first()
    if other is not None:
        say(f"{last_month():%Y-%m} under {other}: {metrics_compute(period=last_month(), profile=other)} results")
    say(f"complaints assigned to staff: {demo_queue_work()}")
    say(f"inspections proposed: {demo_inspections()}")
    say(f"alerts already triaged: {demo_alert_triage()}")
    say(f"complaints in the public database: {demo_publication()}")
    say(f"operations: {demo_operations()}")
    return credentials
