"""Risk scores and alerts: thresholds, the complaint surge against the 6-month average, raised once."""

import datetime as dt

import pytest
from django.utils import timezone

from complaints.models import Complaint
from supervision.metrics.models import Alert, RiskScore
from supervision.metrics.risk import risk_compute, risk_inputs, risk_score
from supervision.rules.models import default_profile
from tests.metrics.conftest import OCTOBER, account, calls

pytestmark = pytest.mark.django_db


def test_score_weighs_rates_per_thousand_contacts():
    inputs = risk_inputs({"contacts": (2000, 2000, 2000), "quiet_hours_contacts": (100, 2000, 100),
                          "timely_response_rate": (1, 2, 0.5)})
    assert inputs == {"quiet_hours_contacts": 50.0, "late_response_share": 0.5}
    assert risk_score(inputs, {"quiet_hours_contacts": 0.5, "late_response_share": 20}) == 35.0
    assert risk_score({"blasting_debtors": 50}, {"blasting_debtors": 20}) == 100.0


def test_night_calling_agency_gets_a_metric_alert_once(accepted_report, metric_values, agency_a, mandate_a):
    accepted_report(agency_a, [account()], calls(3, at="2026-10-05T23:30:00+08:00") + calls(7, prefix="D"))
    metric_values()
    metric_values()
    score = RiskScore.objects.get(entity_key="agency:AA", period=OCTOBER)
    assert score.components["quiet_hours_contacts"] == 300.0
    alert = Alert.objects.get(entity_key="agency:AA", metric="quiet_hours_contacts")
    assert (alert.kind, alert.value, alert.agency.code) == ("metric", 300.0, "AA")
    assert Alert.objects.filter(kind="score", entity_key="agency:AA").count() == 1


def test_complaint_surge_against_the_entitys_own_baseline(lender_a):
    profile = default_profile()
    def complaints(month: dt.date, count: int):
        for n in range(count):
            Complaint.objects.create(
                receipt_no=f"S{month:%Y%m}{n:04d}", tracking_digest="x", complainant_role="borrower", lender=lender_a,
                received_at=timezone.make_aware(dt.datetime.combine(month.replace(day=10), dt.time(12))),
            )
    for month in (dt.date(2026, 4, 1), dt.date(2026, 5, 1), dt.date(2026, 6, 1), dt.date(2026, 7, 1),
                  dt.date(2026, 8, 1), dt.date(2026, 9, 1)):
        complaints(month, 5)
    complaints(OCTOBER, 30)  # a "deferral programme" month: six times the usual
    risk_compute(period=OCTOBER, profile=profile)
    alert = Alert.objects.get(kind="surge", entity_key="lender:LA")
    assert (alert.value, alert.baseline, alert.threshold) == (30, 5.0, 10.0)
    risk_compute(period=OCTOBER, profile=profile)
    assert Alert.objects.filter(kind="surge").count() == 1


def test_a_steady_entity_raises_no_surge(lender_a):
    for n, month in enumerate([dt.date(2026, m, 1) for m in range(4, 11)]):
        for k in range(12):
            Complaint.objects.create(receipt_no=f"Q{n}{k:03d}", tracking_digest="x", complainant_role="borrower",
                                     lender=lender_a,
                                     received_at=timezone.make_aware(dt.datetime.combine(month, dt.time(12))))
    risk_compute(period=OCTOBER, profile=default_profile())
    assert not Alert.objects.filter(kind="surge").exists()
