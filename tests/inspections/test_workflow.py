"""Inspections: proposal, every state by the right role, findings answered, the report as PDF."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from supervision.inspections import services
from supervision.inspections.models import TRANSITIONS, Finding, Inspection
from supervision.metrics.models import Alert, RiskScore
from supervision.provisions.models import Provision
from supervision.rules.models import default_profile

pytestmark = pytest.mark.django_db

OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture
def risk_scores(agency_a, agency_b, lender_a):
    profile = default_profile()
    now = timezone.now()
    for key, score, owner in (("agency:AA", 80, {"agency": agency_a}), ("agency:AB", 40, {"agency": agency_b}),
                              ("lender:LA", 60, {"lender": lender_a})):
        RiskScore.objects.create(scope=key.split(":")[0], entity_key=key, period=OCTOBER, score=score, components={},
                                 profile=profile, computed_at=now, **owner)


def test_scheduled_job_proposes_the_riskiest_once(risk_scores):
    proposed = services.inspections_propose(capacity=2)
    assert [(p.target.code, p.risk_score, p.state) for p in proposed] == [("AA", 80, "proposed"), ("LA", 60, "proposed")]
    assert Inspection.objects.filter(agency__code="AA").count() == 1 and Inspection.objects.filter(lender__code="LA").count() == 1


def test_running_the_job_twice_proposes_nothing_twice(risk_scores):
    services.inspections_propose(capacity=3)
    again = services.inspections_propose(capacity=3)
    assert again == [] and Inspection.objects.count() == 3


def test_entities_inspected_in_the_last_year_are_skipped(risk_scores, agency_a):
    Inspection.objects.create(agency=agency_a, planned_start=timezone.localdate() - dt.timedelta(days=100))
    assert [p.target.code for p in services.inspections_propose(capacity=1)] == ["LA"]


def walk(inspection, user, *actions):
    for action in actions:
        inspection = services.inspection_transition(inspection=inspection, action=action, user=user,
                                                    confirm_no_findings=True)
    return inspection


@pytest.fixture
def proposal(risk_scores, ivy_inspector):
    [inspection] = services.inspections_propose(capacity=1)
    inspection.lead = ivy_inspector
    inspection.save()
    return inspection


def test_inspection_goes_through_every_state_by_the_right_roles(client, proposal, sam_supervisor, ivy_inspector,
                                                                 alice_agency):
    inspection = walk(proposal, sam_supervisor, "approve")
    inspection = walk(inspection, ivy_inspector, "notify", "start_fieldwork")
    finding = Finding.objects.create(inspection=inspection, rule="quiet_hours (GB/T 45251-2025)", severity="high",
                                     description="凌晨催收 300 次", required_remedy="停止夜间外呼，整改系统拨号时段")
    inspection = walk(inspection, ivy_inspector, "draft_findings")
    inspection = walk(inspection, sam_supervisor, "issue_report")

    client.force_login(alice_agency)
    client.post(f"/inspections/{inspection.pk}/findings/{finding.pk}/answer/", {"answer": "已整改，拨号系统限制为 8:00-22:00"})
    finding.refresh_from_db()
    assert finding.answer.startswith("已整改") and finding.answered_by == alice_agency
    pdf = client.get(f"/inspections/{inspection.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    inspection = walk(inspection, sam_supervisor, "close")
    assert [e.to_state for e in inspection.events.all()] == [
        "planned", "notified", "fieldwork", "findings_drafted", "report_issued", "closed"]
    assert [e.by for e in inspection.events.all()] == [sam_supervisor, ivy_inspector, ivy_inspector, ivy_inspector,
                                                       sam_supervisor, sam_supervisor]


# Who may take each step (from the state where it applies): the permission matrix of the workflow.
STEP_ROLES = {
    "approve": {"sam_supervisor"},
    "notify": {"sam_supervisor", "ivy_inspector"},
    "start_fieldwork": {"sam_supervisor", "ivy_inspector"},
    "draft_findings": {"sam_supervisor", "ivy_inspector"},
    "issue_report": {"sam_supervisor"},
    "close": {"sam_supervisor"},
    "cancel": {"sam_supervisor"},
}
BEFORE = {"approve": [], "notify": ["approve"], "start_fieldwork": ["approve", "notify"],
          "draft_findings": ["approve", "notify", "start_fieldwork"],
          "issue_report": ["approve", "notify", "start_fieldwork", "draft_findings"],
          "close": ["approve", "notify", "start_fieldwork", "draft_findings", "issue_report"], "cancel": ["approve"]}


@pytest.mark.parametrize("action", TRANSITIONS)
@pytest.mark.parametrize("role", ["sam_supervisor", "ivy_inspector", "alice_agency", "bob_agency", "other_inspector"])
def test_each_step_is_allowed_to_its_roles_only(request, proposal, sam_supervisor, action, role):
    from supervision.accounts.models import Role
    from tests.factories import UserFactory

    people = {"other_inspector": lambda: UserFactory(username="olga_inspector", role=Role.INSPECTOR)}
    user = people[role]() if role in people else request.getfixturevalue(role)
    inspection = walk(proposal, sam_supervisor, *BEFORE[action])
    if role in STEP_ROLES[action]:
        assert services.inspection_transition(inspection=inspection, action=action, user=user,
                                              confirm_no_findings=True).events.exists()
    else:
        with pytest.raises(PermissionDenied):
            services.inspection_transition(inspection=inspection, action=action, user=user, confirm_no_findings=True)
        assert Inspection.objects.get(pk=inspection.pk).state == inspection.state


def test_a_step_from_the_wrong_state_is_refused_with_a_message(proposal, sam_supervisor):
    with pytest.raises(ValidationError) as caught:
        services.inspection_transition(inspection=proposal, action="close", user=sam_supervisor)
    assert caught.value.code == "wrong_state"


def test_wrong_role_gets_403_from_the_page(client, proposal, ivy_inspector):
    client.force_login(ivy_inspector)
    assert client.post(f"/inspections/{proposal.pk}/step/approve/").status_code == 403


def test_entity_sees_the_inspection_only_once_notified(client, proposal, sam_supervisor, alice_agency, bob_agency):
    client.force_login(alice_agency)
    assert client.get(f"/inspections/{proposal.pk}/").status_code == 404
    walk(proposal, sam_supervisor, "approve", "notify")
    assert client.get(f"/inspections/{proposal.pk}/").status_code == 200
    client.force_login(bob_agency)
    assert client.get(f"/inspections/{proposal.pk}/").status_code == 404


def test_an_alert_opens_a_proposed_inspection_once(client, sam_supervisor, agency_a):
    alert = Alert.objects.create(scope="agency", entity_key="agency:AA", agency=agency_a, period=OCTOBER, kind="surge",
                                 metric="complaints", value=30, threshold=10, baseline=5)
    client.force_login(sam_supervisor)
    client.post(f"/alerts/{alert.pk}/inspect/")
    client.post(f"/alerts/{alert.pk}/inspect/")
    inspection = Inspection.objects.get()
    assert (inspection.trigger, inspection.state, inspection.agency) == ("complaint_surge", "proposed", agency_a)


def test_stuck_inspections_remind_their_lead_once(proposal, sam_supervisor, ivy_inspector):
    ivy_inspector.email = "ivy@regulator.example"
    ivy_inspector.save()
    inspection = walk(proposal, sam_supervisor, "approve")
    Inspection.objects.filter(pk=inspection.pk).update(state_changed_at=timezone.now() - dt.timedelta(days=40))
    assert services.inspections_remind_stuck(days=30) == 1
    assert services.inspections_remind_stuck(days=30) == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ivy@regulator.example"]


def test_calendar_and_list_pages(client, proposal, sam_supervisor):
    client.force_login(sam_supervisor)
    month = proposal.planned_start.strftime("%Y-%m")
    assert f"/inspections/{proposal.pk}/" in client.get("/inspections/calendar/", {"month": month}).content.decode()
    assert client.get("/inspections/", {"state": "proposed"}).context["inspections"][0] == proposal


def test_team_attaches_evidence_and_links_findings_to_complaints_and_metrics(client, proposal, sam_supervisor,
                                                                            alice_agency, lender_a, agency_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from complaints import services as complaint_services
    from supervision.metrics.models import MetricResult
    from tests.complaints.helpers import complaint_data

    data = complaint_data() | {"lender": lender_a, "agency": agency_a}
    data.pop("categories")
    complaint, _ = complaint_services.complaint_submit(data=data)
    result = MetricResult.objects.create(scope="pair", entity_key="pair:AA:LA", collector_code="AA", agency=agency_a,
                                         lender=lender_a, period=OCTOBER, metric="quiet_hours_contacts", value=3,
                                         numerator=3, denominator=10, profile=default_profile(),
                                         computed_at=timezone.now())
    inspection = walk(proposal, sam_supervisor, "approve", "notify", "start_fieldwork")
    client.force_login(sam_supervisor)
    client.post(f"/inspections/{inspection.pk}/evidence/",
                {"description": "通话录音", "file": SimpleUploadedFile("call.mp3", b"ID3" + b"\0" * 64)})
    evidence = inspection.evidence.get()
    assert evidence.description == "通话录音"
    hours = Provision.objects.get(code="gbt45251-hours")
    page = client.get(f"/inspections/{inspection.pk}/findings/", {"complaints": complaint.pk})
    assert complaint.receipt_no in page.content.decode()  # offered, and ticked when opened from the complaint
    assert page.context["form"].initial["complaints"] == [complaint.pk]
    client.post(f"/inspections/{inspection.pk}/findings/",
                {"provisions": [hours.pk], "severity": "high", "description": "夜间催收", "required_remedy": "整改",
                 "complaints": [complaint.pk], "metric_results": [result.pk], "evidence_items": [evidence.pk]})
    finding = inspection.findings.get()
    assert list(finding.complaints.all()) == [complaint] and list(finding.metric_results.all()) == [result]
    assert list(finding.provisions.all()) == [hours] and list(finding.evidence_items.all()) == [evidence]
    bad = client.post(f"/inspections/{inspection.pk}/findings/",
                      {"severity": "low", "description": "x", "required_remedy": "x", "complaints": [999999]})
    assert bad.status_code == 400 and inspection.findings.count() == 1


def test_the_entity_is_emailed_when_notified(proposal, sam_supervisor, alice_agency, django_capture_on_commit_callbacks):
    alice_agency.email = "alice@agency.example"
    alice_agency.save()
    inspection = walk(proposal, sam_supervisor, "approve")
    with django_capture_on_commit_callbacks(execute=True):
        walk(inspection, sam_supervisor, "notify")
    assert [message.to for message in mail.outbox] == [["alice@agency.example"]]


def test_every_change_to_an_inspection_is_in_its_history(proposal, sam_supervisor, ivy_inspector):
    walk(proposal, sam_supervisor, "approve")
    states = [record.state for record in Inspection.objects.get(pk=proposal.pk).history.order_by("history_date")]
    assert states[-2:] == ["proposed", "planned"]


def test_workload_counts_active_inspections_per_person(proposal, sam_supervisor, ivy_inspector):
    from supervision.inspections.selectors import workload
    from tests.factories import UserFactory

    member = UserFactory(username="mia_inspector", role="inspector")
    inspection = walk(proposal, sam_supervisor, "approve")
    inspection.members.add(member, ivy_inspector)  # the lead listed as a member too counts once
    assert workload() == [("ivy_inspector", 1), ("mia_inspector", 1)]
