"""Case work: inspections approved as planned work, findings picked from the entity's own evidence and the
provisions library, reports without findings confirmed, one timeline per entity."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from complaints import services as complaint_services
from supervision.dashboard.timeline import entity_timeline
from supervision.inspections import services
from supervision.inspections.models import Inspection
from supervision.metrics.models import Alert, MetricResult
from supervision.provisions.models import Provision
from supervision.provisions.selectors import provisions_for
from supervision.rules.models import default_profile
from tests.complaints.helpers import complaint_data

pytestmark = pytest.mark.django_db

OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture
def proposed(agency_a):
    return Inspection.objects.create(agency=agency_a, period_from=OCTOBER, period_to=OCTOBER)


def approve(inspection, supervisor, lead, members=()):
    today = timezone.localdate()
    return services.inspection_approve(
        inspection=inspection, by=supervisor, lead=lead, members=list(members), planned_start=today,
        planned_end=today + dt.timedelta(days=10), period_from=OCTOBER, period_to=OCTOBER,
        metrics=["quiet_hours_contacts"], categories=["contact_blasting"])


def in_fieldwork(inspection, supervisor, lead):
    inspection = approve(inspection, supervisor, lead)
    for step in ("notify", "start_fieldwork"):
        inspection = services.inspection_transition(inspection=inspection, action=step, user=lead)
    return inspection


def complaint_about(lender, agency, supervisor):
    data = complaint_data() | {"lender": lender, "agency": agency}
    data.pop("categories")
    complaint, _ = complaint_services.complaint_submit(data=data)
    return complaint


def metric_value(agency, lender):
    return MetricResult.objects.create(scope="agency", entity_key=f"agency:{agency.code}", collector_code=agency.code,
                                       agency=agency, period=OCTOBER, metric="quiet_hours_contacts", value=30,
                                       numerator=30, profile=default_profile(), computed_at=timezone.now())


def test_approval_is_a_plan_not_a_bare_button(proposed, sam_supervisor, ivy_inspector):
    with pytest.raises(ValidationError) as refused:
        services.inspection_transition(inspection=proposed, action="approve", user=sam_supervisor)
    assert refused.value.code == "plan_required"
    inspection = approve(proposed, sam_supervisor, ivy_inspector, members=[sam_supervisor])
    assert (inspection.state, inspection.lead, list(inspection.members.all())) == ("planned", ivy_inspector,
                                                                                    [sam_supervisor])
    assert inspection.scope_metrics == ["quiet_hours_contacts"] and inspection.scope_categories == ["contact_blasting"]


def test_an_entity_user_cannot_lead(proposed, sam_supervisor, alice_agency):
    with pytest.raises(ValidationError):
        approve(proposed, sam_supervisor, alice_agency)
    assert Inspection.objects.get(pk=proposed.pk).state == "proposed"


def test_the_lead_sees_her_work_with_the_next_step(client, proposed, sam_supervisor, ivy_inspector):
    approve(proposed, sam_supervisor, ivy_inspector)
    client.force_login(ivy_inspector)
    page = client.get("/inspections/mine/").content.decode()
    assert f"/inspections/{proposed.pk}/" in page and "通知被检查机构" in page


def test_a_report_without_findings_is_confirmed_and_says_so(proposed, sam_supervisor, ivy_inspector):
    inspection = in_fieldwork(proposed, sam_supervisor, ivy_inspector)
    inspection = services.inspection_transition(inspection=inspection, action="draft_findings", user=ivy_inspector)
    with pytest.raises(ValidationError) as refused:
        services.inspection_transition(inspection=inspection, action="issue_report", user=sam_supervisor)
    assert refused.value.code == "no_findings"
    inspection = services.inspection_transition(inspection=inspection, action="issue_report", user=sam_supervisor,
                                                confirm_no_findings=True)
    assert inspection.no_findings and inspection.events.last().note


def test_a_finding_cannot_cite_another_entitys_complaint_or_metric_value(proposed, sam_supervisor, ivy_inspector,
                                                                        lender_a, agency_a, lender_b, agency_b):
    inspection = in_fieldwork(proposed, sam_supervisor, ivy_inspector)
    hours = Provision.objects.get(code="gbt45251-hours")
    for evidence in ({"complaints": [complaint_about(lender_b, agency_b, sam_supervisor)]},
                     {"metric_results": [metric_value(agency_b, lender_b)]}):
        with pytest.raises(ValidationError) as refused:
            services.finding_record(inspection=inspection, by=ivy_inspector, provisions=[hours], severity="high",
                                    description="x", required_remedy="y", **evidence)
        assert refused.value.code == "other_entity"
    assert not inspection.findings.exists()
    finding = services.finding_record(inspection=inspection, by=ivy_inspector, provisions=[hours], severity="high",
                                      description="x", required_remedy="y",
                                      complaints=[complaint_about(lender_a, agency_a, sam_supervisor)],
                                      metric_results=[metric_value(agency_a, lender_a)])
    assert finding.complaints.count() == 1 and finding.metric_results.count() == 1


def test_a_finding_needs_a_provision(proposed, sam_supervisor, ivy_inspector):
    inspection = in_fieldwork(proposed, sam_supervisor, ivy_inspector)
    with pytest.raises(ValidationError):
        services.finding_record(inspection=inspection, by=ivy_inspector, provisions=[], severity="low",
                                description="x", required_remedy="y")


def test_the_scope_suggests_the_provisions_the_profile_maps():
    cn = default_profile()
    codes = set(provisions_for(profile=cn, metrics=["quiet_hours_contacts"]).values_list("code", flat=True))
    assert codes == {"gbt45251-hours", "cba2026-hours"}
    us = cn.__class__.objects.get(name="US Regulation F")
    assert set(provisions_for(profile=us, categories=["quiet_hours"]).values_list("code", flat=True)) == {
        "regf-1006-6-b-1-i"}


def test_a_finding_opened_from_a_complaint_arrives_ticked(client, proposed, sam_supervisor, ivy_inspector, lender_a,
                                                          agency_a):
    inspection = in_fieldwork(proposed, sam_supervisor, ivy_inspector)
    complaint = complaint_about(lender_a, agency_a, sam_supervisor)
    client.force_login(sam_supervisor)
    response = client.get("/inspections/findings/start/", {"complaint": complaint.pk})
    assert response.status_code == 302
    assert response.url == f"/inspections/{inspection.pk}/findings/?complaints={complaint.pk}"


def test_the_entity_sees_its_own_timeline_without_alerts_or_notes(proposed, sam_supervisor, ivy_inspector, agency_a,
                                                                  alice_agency):
    Alert.objects.create(scope="agency", entity_key="agency:AA", agency=agency_a, period=OCTOBER, kind="metric",
                         metric="quiet_hours_contacts", value=30, threshold=20)
    approve(proposed, sam_supervisor, ivy_inspector)
    services.inspection_transition(inspection=proposed, action="notify", user=ivy_inspector, note="内部备注：先查录音")
    regulator_view = entity_timeline(entity=agency_a, user=sam_supervisor)
    entity_view = entity_timeline(entity=agency_a, user=alice_agency)
    assert {entry.kind for entry in regulator_view} == {"alert", "inspection"}
    assert any("内部备注" in entry.text for entry in regulator_view)
    assert [entry.kind for entry in entity_view] == ["inspection"]  # notified: hers to see; planned: not yet
    assert not any("内部备注" in entry.text for entry in entity_view)


def test_another_entitys_timeline_is_not_reachable(client, bob_agency, agency_a):
    client.force_login(bob_agency)
    assert client.get("/dashboard/agency/AA/").status_code == 404
