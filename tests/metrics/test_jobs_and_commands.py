"""Complaint metrics, the commands, the accepted-report hook, and a real worker computing a month."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import Complaint
from supervision.metrics.models import MetricResult
from tests.complaints.helpers import complaint_data
from tests.metrics.conftest import OCTOBER, account, calls

pytestmark = pytest.mark.django_db


def test_complaint_rate_and_timely_response(accepted_report, metric_values, agency_a, lender_a, mandate_a,
                                            sam_supervisor, alice_agency):
    accepted_report(agency_a, [account(f"ACC{n}", debtor_ref=f"D{n}") for n in range(4)],
                    calls(1, account_ref="ACC0", debtor_ref="D0"))
    october = timezone.make_aware(dt.datetime(2026, 10, 10, 12))
    for answered_in_time in (True, False):
        data = complaint_data() | {"lender": lender_a, "agency": agency_a}
        data.pop("categories")
        complaint, _ = complaint_services.complaint_submit(data=data)
        complaint_services.complaint_triage(complaint=complaint, by=sam_supervisor, categories=["quiet_hours"])
        complaint = complaint_services.complaint_forward(complaint=complaint, by=sam_supervisor)
        complaint = complaint_services.complaint_respond(complaint=complaint, by=alice_agency, explanation="x",
                                                         remedy="", resolution="resolved")
        late = dt.timedelta(days=1 if answered_in_time else 20)
        Complaint.objects.filter(pk=complaint.pk).update(
            received_at=october, forwarded_at=october, response_due=october + dt.timedelta(days=15),
            responded_at=october + late)
    values = metric_values()
    assert values[("pair", "AA:LA", "complaints_per_10k_accounts")] == 2 * 10_000 / 4
    assert values[("pair", "AA:LA", "timely_response_rate")] == 0.5
    assert values[("agency", "AA", "timely_response_rate")] == 0.5


def test_metrics_csv_prints_the_pair_results(accepted_report, agency_a, mandate_a):
    accepted_report(agency_a, [account()], calls(2, at="2026-10-05T23:00:00+08:00"))
    call_command("compute_metrics", period="2026-10", stdout=io.StringIO())
    out = io.StringIO()
    call_command("metrics_csv", period="2026-10", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "agency,lender,metric,value"
    assert "AA,LA,quiet_hours_contacts,2" in lines and "AA,LA,complaints_per_10k_accounts,0" in lines
    # A version 1 report: the five version 2 metrics are printed as not reported (empty), never 0.
    assert {"AA,LA,unrecorded_conversations,", "AA,LA,post_conversation_calls,"} <= set(lines)
    assert len(lines) == 1 + 13 + 5  # every metric but timely_response_rate (nothing forwarded) at that grain


def test_accepting_a_report_computes_its_month(agency_a, mandate_a, django_capture_on_commit_callbacks):
    from supervision.reporting.services import report_submit, report_validate
    from tests.reporting.builders import accounts_csv, contacts_csv

    with django_capture_on_commit_callbacks(execute=True):
        report, _ = report_submit(submitter=agency_a, period=OCTOBER, accounts=io.BytesIO(accounts_csv()),
                                  contacts=io.BytesIO(contacts_csv()), dispatch=False)
    with django_capture_on_commit_callbacks(execute=True):
        report_validate(report_id=report.pk)
    assert MetricResult.objects.get(entity_key="pair:AA:LA", metric="contacts", period=OCTOBER).value == 1
