"""A finding cites metric values as evidence; recomputing the month (nightly, or when a report is accepted)
replaces the result rows, and the finding goes on citing the same values, with their recomputed figures."""

import pytest

from supervision.inspections.models import Finding, Inspection
from supervision.metrics.models import MetricResult
from supervision.metrics.services import metrics_compute
from tests.metrics.conftest import OCTOBER, account, calls

pytestmark = pytest.mark.django_db

NIGHT = "2026-10-05T23:30:00+08:00"


@pytest.fixture
def finding(two_agencies, agency_a):
    inspection = Inspection.objects.create(agency=agency_a, period_from=OCTOBER, period_to=OCTOBER)
    finding = Finding.objects.create(inspection=inspection, severity="major", description="night calls",
                                     required_remedy="stop")
    finding.metric_results.set(MetricResult.objects.filter(metric="quiet_hours_contacts",
                                                           entity_key__in=["pair:AA:LA", "agency:AA"]))
    return finding


def cited(finding) -> set[tuple]:
    return set(finding.metric_results.values_list("entity_key", "metric", "value"))


def test_a_month_recomputed_keeps_what_a_finding_cites(finding):
    before = cited(finding)
    assert before == {("pair:AA:LA", "quiet_hours_contacts", 3.0), ("agency:AA", "quiet_hours_contacts", 3.0)}
    metrics_compute(period=OCTOBER)
    assert cited(finding) == before


def test_a_new_report_recomputed_for_its_agency_keeps_the_citation_with_the_new_figure(finding, accepted_report,
                                                                                      agency_a):
    accepted_report(agency_a, [account()], calls(5, at=NIGHT))
    metrics_compute(period=OCTOBER, collector_code="AA")
    assert cited(finding) == {("pair:AA:LA", "quiet_hours_contacts", 5.0), ("agency:AA", "quiet_hours_contacts", 5.0)}
