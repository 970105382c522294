"""The retention schedule: exactly what is due is anonymised or deleted; held and open items are untouched; every
public and dashboard figure is the same before and after; a second run does nothing."""

import datetime as dt
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from complaints.choices import ComplaintStatus, Outcome
from complaints.models import Complaint, ComplaintEvent, Evidence, PersonalDataAccess
from supervision.dashboard.selectors import Filters, complaints_by_month_and_category, ranking
from supervision.dashboard.services import complaint_counts_refresh
from supervision.inspections.models import Inspection
from supervision.operations.holds import hold_lift, hold_set
from supervision.operations.models import LegalHold
from supervision.operations.retention import retention_apply
from supervision.public.models import PublishedComplaint
from supervision.public.selectors import PublicQuery, facets
from supervision.reporting import storage
from supervision.reporting.services import report_submit, report_validate
from tests.factories import LenderFactory, MandateFactory
from tests.public.test_publication import NARRATIVE, file, publish_past_the_delay
from tests.reporting.builders import accounts_csv, contacts_csv

pytestmark = pytest.mark.django_db
YEARS_AGO_4 = timezone.now() - dt.timedelta(days=4 * 365)


def close(complaint: Complaint, *, at: dt.datetime) -> Complaint:
    Complaint.objects.filter(pk=complaint.pk).update(status=ComplaintStatus.CLOSED, outcome=Outcome.UPHELD)
    event = ComplaintEvent.objects.create(complaint=complaint, from_status=ComplaintStatus.RESPONDED,
                                          to_status=ComplaintStatus.CLOSED)
    ComplaintEvent.objects.filter(pk=event.pk).update(at=at)
    return Complaint.objects.get(pk=complaint.pk)


def public_and_dashboard_figures() -> dict:
    complaint_counts_refresh()
    counted = facets(PublicQuery())
    filters = Filters.from_query({"from": "2020-01", "to": timezone.now().strftime("%Y-%m")})
    return {
        "public_total": counted.total, "public_facets": {name: list(rows) for name, rows in counted.counts.items()},
        "narratives": sorted(PublishedComplaint.objects.values_list("narrative", flat=True)),
        "by_month": complaints_by_month_and_category(filters), "ranking": ranking(filters, kind="agency"),
    }


@pytest.fixture
def closed_complaints(lender_a, agency_a, lender_b, agency_b, sam_supervisor, alice_agency, bob_agency):
    """Answered complaints, published, then closed four years ago (due) or last month (not yet)."""
    MandateFactory(lender=lender_b, agency=agency_b)
    made = {
        "unconsented": file(lender_a, agency_a, sam_supervisor, consent=False, respond=alice_agency),
        "consented": file(lender_a, agency_a, sam_supervisor, respond=alice_agency),
        "recent": file(lender_a, agency_a, sam_supervisor, respond=alice_agency),
        "held": file(lender_a, agency_a, sam_supervisor, respond=alice_agency),
        "entity_held": file(lender_b, agency_b, sam_supervisor, respond=bob_agency),
        "open": file(lender_a, agency_a, sam_supervisor, respond=alice_agency),  # answered, never closed
    }
    publish_past_the_delay()
    for name, complaint in made.items():
        if name != "open":
            made[name] = close(complaint, at=timezone.now() - dt.timedelta(days=30) if name == "recent"
                               else YEARS_AGO_4)
    publish_past_the_delay()
    return made


def test_retention_anonymises_what_is_due_and_nothing_else(closed_complaints, sam_supervisor, agency_b):
    made = closed_complaints
    Evidence.objects.create(complaint=made["unconsented"], file=ContentFile(b"%PDF-1.4 x", name="e.pdf"),
                            content_type="application/pdf", extension=".pdf", size=10)
    evidence_file = Evidence.objects.get().file.path
    hold_set(kind="complaint", subject=made["held"].receipt_no, reason="Litigation pending", by=sam_supervisor)
    hold_set(kind="agency", subject=agency_b.code, reason="Inspection being prepared", by=sam_supervisor)
    before = public_and_dashboard_figures()

    run = retention_apply()

    assert run.counts["complaints_anonymised"] == 2
    unconsented, consented = (Complaint.objects.get(pk=made[name].pk) for name in ("unconsented", "consented"))
    for complaint in (unconsented, consented):
        assert (complaint.complainant_name, complaint.complainant_phone, complaint.complainant_email) == ("", "", "")
        assert complaint.anonymised_at is not None
        assert not Complaint.history.filter(id=complaint.pk).exclude(complainant_name="").exists()
    assert unconsented.narrative == "" and not Complaint.history.filter(id=unconsented.pk).exclude(narrative="")
    assert "王小明" not in consented.narrative and "13912345678" not in consented.narrative
    assert consented.narrative.startswith("催收员凌晨三点给我打电话")
    assert not Evidence.objects.exists()
    assert not os.path.exists(evidence_file)
    for name in ("recent", "held", "entity_held", "open"):
        untouched = Complaint.objects.get(pk=made[name].pk)
        assert untouched.complainant_name == "王小明" and untouched.narrative == NARRATIVE, name
        assert untouched.anonymised_at is None
    publish_past_the_delay()  # the hourly publication after it, reading the anonymised complaints
    assert public_and_dashboard_figures() == before

    assert retention_apply().counts["complaints_anonymised"] == 0  # the next day: nothing more to do


def test_a_lifted_hold_lets_the_schedule_act_and_an_open_inspection_keeps_its_entity(
        closed_complaints, sam_supervisor, lender_a, agency_a):
    held = hold_set(kind="complaint", subject=closed_complaints["held"].receipt_no, reason="Court order",
                    by=sam_supervisor)
    inspection = Inspection.objects.create(agency=agency_a, scope="Night calls", state="fieldwork")
    assert retention_apply().counts["complaints_anonymised"] == 1  # agency B's; agency A is under inspection
    Inspection.objects.filter(pk=inspection.pk).update(state="closed")
    assert retention_apply().counts["complaints_anonymised"] == 2  # A's unconsented and consented ones
    hold_lift(hold=held, reason="Case settled", by=sam_supervisor)
    assert retention_apply().counts["complaints_anonymised"] == 1
    assert Complaint.objects.get(pk=closed_complaints["held"].pk).complainant_name == ""


def test_raw_uploads_go_after_their_time_and_the_parquet_stays(agency_a, mandate_a, agency_b, sam_supervisor,
                                                               lender_a):
    MandateFactory(lender=lender_a, agency=agency_b)
    old, held = ({"agency": agency, "accounts": accounts_csv(), "contacts": contacts_csv()}
                 for agency in (agency_a, agency_b))
    # Other bytes, other raw files (the same bytes share one file, kept while any report still needs it).
    held["accounts"], held["contacts"] = held["accounts"].replace(b"1200.50", b"99.00"), held["contacts"].replace(
        b"C1", b"C2")
    reports = []
    for upload in (old, held):
        report, _ = report_submit(submitter=upload["agency"], period=dt.date(2026, 10, 1),
                                  accounts=io.BytesIO(upload["accounts"]), contacts=io.BytesIO(upload["contacts"]),
                                  dispatch=False)
        reports.append(report_validate(report_id=report.pk))
    from supervision.reporting.models import Report

    Report.objects.update(finished_at=timezone.now() - dt.timedelta(days=200))
    hold_set(kind="agency", subject=agency_b.code, reason="Dispute with the agency", by=sam_supervisor)
    old_report, held_report = (Report.objects.get(pk=report.pk) for report in reports)
    raw = {report.pk: storage.absolute(storage.raw_path(report.contacts_sha256)) for report in reports}

    assert retention_apply().counts["raw_uploads_deleted"] == 1
    assert not raw[old_report.pk].exists() and raw[held_report.pk].exists()
    assert storage.absolute(old_report.contacts_parquet).exists()
    assert Report.objects.get(pk=old_report.pk).raw_deleted_at is not None


def test_old_personal_data_access_records_go_unless_held(closed_complaints, sam_supervisor):
    recent_complaint, held_complaint = closed_complaints["recent"], closed_complaints["held"]
    for complaint in (recent_complaint, held_complaint):
        access = PersonalDataAccess.objects.create(user=sam_supervisor, complaint=complaint, purpose="review")
        PersonalDataAccess.objects.filter(pk=access.pk).update(at=YEARS_AGO_4)
    PersonalDataAccess.objects.create(user=sam_supervisor, complaint=recent_complaint, purpose="today")
    hold_set(kind="complaint", subject=held_complaint.receipt_no, reason="Court order", by=sam_supervisor)
    assert retention_apply().counts["access_records_deleted"] == 1
    assert sorted(PersonalDataAccess.objects.values_list("purpose", flat=True)) == ["review", "today"]


def test_supervisors_set_and_lift_holds_with_a_reason(client, sam_supervisor, ivy_inspector, agency_a):
    client.force_login(sam_supervisor)
    url = reverse("operations:holds")
    client.post(url, {"kind": "agency", "subject": agency_a.code, "reason": ""})
    assert not LegalHold.objects.exists()  # no reason, no hold
    client.post(url, {"kind": "agency", "subject": "NOPE", "reason": "x"})
    assert not LegalHold.objects.exists()
    client.post(url, {"kind": "agency", "subject": agency_a.code, "reason": "Court order 2026-17"})
    hold = LegalHold.objects.active().get()
    assert hold.agency == agency_a and hold.set_by == sam_supervisor
    client.post(url, {"lift": hold.pk, "reason": ""})
    assert LegalHold.objects.active().exists()
    client.post(url, {"lift": hold.pk, "reason": "Order lifted"})
    assert not LegalHold.objects.active().exists()
    assert "Court order 2026-17" in client.get(url).content.decode()
    client.force_login(ivy_inspector)
    assert client.get(url).status_code == 403



def test_an_open_inspection_of_a_lender_keeps_the_agencies_in_its_scope(closed_complaints, agency_b):
    other_lender = LenderFactory()  # agency B's complaint is about lender B: only the scope can keep it
    inspection = Inspection.objects.create(lender=other_lender, scope="Its agencies' night calls", state="planned")
    inspection.agencies_in_scope.add(agency_b)
    retention_apply()
    assert Complaint.objects.get(pk=closed_complaints["entity_held"].pk).anonymised_at is None
