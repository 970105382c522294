"""The demo is the product's first impression: every demo user finds history to look at and work to do, on the
local-disk default and with every file in the object store."""

import io

import pytest
from django.core.management import call_command

from complaints.models import Complaint
from supervision.accounts.models import SavedView
from supervision.enforcement.models import Milestone
from supervision.inspections.models import Inspection
from supervision.metrics.models import Alert, MetricResult
from supervision.public.models import PublishedComplaint
from supervision.reporting import storage
from supervision.reporting.models import Report

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_leaves_history_and_open_work_for_everyone(store, data_root):
    out = io.StringIO()
    call_command("seed_demo", seed=2026, stdout=out)
    assert "sam_supervisor" in out.getvalue()
    assert MetricResult.objects.values("period").distinct().count() >= 6  # trends have history
    assert Alert.objects.filter(state="new").exists() and Alert.objects.filter(state="acknowledged").exists()
    assert Complaint.objects.filter(assignee__username="sam_supervisor").exists()
    assert SavedView.objects.filter(user__username="sam_supervisor").exists()
    assert Inspection.objects.filter(state="proposed").exists()  # a plan to approve
    assert Inspection.objects.filter(state="planned", lead__username="ivy_inspector").exists()  # one to notify
    assert Milestone.objects.exists()
    assert PublishedComplaint.objects.count() > 50  # a visitor finds a public database
    assert PublishedComplaint.objects.filter(narrative__contains="XXXX").exists()  # scrubbed, consented accounts
    accepted = Report.objects.filter(status="accepted")
    assert accepted.count() >= 6 and all(storage.exists(report.contacts_parquet) for report in accepted)
    if store:  # uploaded, validated, computed and evidence kept through the bucket: nothing on local disk
        assert not data_root.exists()
