"""A complaint change reaches its month's complaint metrics through one debounced task, not the nightly job."""

import datetime as dt

import pytest
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import Complaint
from complaints.signals import changes_batched, complaints_changed
from supervision.core.debounce import debounce, debounce_release
from supervision.metrics.models import MetricResult, StaleComplaintMonth
from tests.complaints.helpers import complaint_data
from tests.metrics.conftest import OCTOBER, account, calls

pytestmark = pytest.mark.django_db


def _rate(metric: str, key: str = "pair:AA:LA") -> float | None:
    return MetricResult.objects.filter(period=OCTOBER, entity_key=key, metric=metric).values_list(
        "value", flat=True).first()


def _forwarded_in_october(lender, agency, supervisor) -> Complaint:
    """A complaint received and forwarded in October, its answer due in five days from now."""
    data = complaint_data() | {"lender": lender, "agency": agency}
    data.pop("categories")
    complaint, _ = complaint_services.complaint_submit(data=data)
    complaint_services.complaint_triage(complaint=complaint, by=supervisor, categories=["quiet_hours"])
    complaint = complaint_services.complaint_forward(complaint=complaint, by=supervisor)
    october = timezone.make_aware(dt.datetime(2026, 10, 10, 12))
    Complaint.objects.filter(pk=complaint.pk).update(received_at=october, forwarded_at=october,
                                                     response_due=timezone.now() + dt.timedelta(days=5))
    return complaint


def test_an_answer_after_the_months_metrics_changes_timely_response_rate_at_once(
        accepted_report, metric_values, agency_a, lender_a, mandate_a, sam_supervisor, alice_agency,
        django_capture_on_commit_callbacks):
    accepted_report(agency_a, [account(f"ACC{n}", debtor_ref=f"D{n}") for n in range(4)],
                    calls(1, account_ref="ACC0", debtor_ref="D0"))
    complaint = _forwarded_in_october(lender_a, agency_a, sam_supervisor)
    metric_values()  # the month as the nightly job left it: forwarded, not answered
    assert _rate("timely_response_rate") == 0.0
    before = MetricResult.objects.get(period=OCTOBER, entity_key="pair:AA:LA", metric="timely_response_rate")

    with django_capture_on_commit_callbacks(execute=True):
        complaint_services.complaint_respond(complaint=complaint, by=alice_agency, explanation="已整改", remedy="",
                                             resolution="resolved")

    assert _rate("timely_response_rate") == 1.0
    assert _rate("timely_response_rate", "agency:AA") == 1.0
    after = MetricResult.objects.get(period=OCTOBER, entity_key="pair:AA:LA", metric="timely_response_rate")
    assert after.computed_at > before.computed_at
    assert _rate("quiet_hours_contacts") is not None  # the contact metrics were kept, not recomputed away
    assert not StaleComplaintMonth.objects.exists()


def test_every_profile_the_month_was_computed_under_follows_the_complaint(
        accepted_report, metric_values, agency_a, lender_a, mandate_a, sam_supervisor, alice_agency,
        django_capture_on_commit_callbacks):
    accepted_report(agency_a, [account()], calls(1))
    complaint = _forwarded_in_october(lender_a, agency_a, sam_supervisor)
    metric_values("CN"), metric_values("US Regulation F")

    with django_capture_on_commit_callbacks(execute=True):
        complaint_services.complaint_respond(complaint=complaint, by=alice_agency, explanation="已整改", remedy="",
                                             resolution="resolved")

    rates = MetricResult.objects.filter(period=OCTOBER, entity_key="pair:AA:LA", metric="timely_response_rate")
    assert sorted(rates.values_list("profile__name", "value")) == [("CN", 1.0), ("US Regulation F", 1.0)]


class _Task:
    def __init__(self):
        self.queued = []

    def apply_async(self, countdown):
        self.queued.append(countdown)


def test_a_burst_of_changes_queues_one_run_and_a_change_during_the_run_queues_the_next():
    task = _Task()
    assert debounce(task, key="test-burst", seconds=60) is True
    assert [debounce(task, key="test-burst", seconds=60) for _ in range(5)] == [False] * 5
    assert task.queued == [60]
    debounce_release("test-burst")  # what the task does first when it starts
    assert debounce(task, key="test-burst", seconds=60) is True
    assert task.queued == [60, 60]


def test_a_loader_announces_its_changes_once():
    heard = []

    def listener(sender, months, **kwargs):
        heard.append(months)

    complaints_changed.connect(listener)
    try:
        with changes_batched():
            from complaints.signals import send_changed

            send_changed({OCTOBER})
            send_changed({OCTOBER, dt.date(2026, 9, 1)})
            assert heard == []
    finally:
        complaints_changed.disconnect(listener)
    assert heard == [{OCTOBER, dt.date(2026, 9, 1)}]
