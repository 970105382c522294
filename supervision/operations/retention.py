"""The retention schedule (PIPL: personal data kept no longer than its purpose needs), with legal holds.

What is due, each after its own number of days (settings, defaults in the README):
- a closed complaint's complainant details (name, phone, e-mail), its evidence files and, unless the
  complainant consented to publishing it, its narrative: blanked in the complaint and in its history;
- a decided report's raw uploads and its rejection list (the accepted Parquet files stay, and so does
  every row and aggregate computed from them);
- records of who looked at a complainant's personal data.

Nothing is touched while a legal hold covers it (the complaint, its lender or agency, an inspection or an
enforcement action about that entity) or while an open case may need it: a complaint not closed, or an
entity under an open inspection or enforcement action. Categories, dates, entities, provinces, outcomes and
published narratives stay, so every public and dashboard figure is the same after a run as before.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from complaints.choices import ComplaintStatus
from complaints.models import Complaint, ComplaintEvent, Evidence, PersonalDataAccess
from supervision.core.personal_data import scrub_text
from supervision.enforcement.choices import ActionState
from supervision.enforcement.models import EnforcementAction
from supervision.inspections.choices import OPEN_STATES
from supervision.inspections.models import Finding, Inspection
from supervision.reporting import storage
from supervision.reporting.choices import OPEN_STATUSES
from supervision.reporting.models import Report

from .models import LegalHold, RetentionRun


@dataclass(frozen=True)
class Schedule:
    complainant_details_days: int
    raw_uploads_days: int
    access_records_days: int

    @classmethod
    def from_settings(cls) -> "Schedule":
        return cls(settings.RETENTION_COMPLAINANT_DETAILS_DAYS, settings.RETENTION_RAW_UPLOADS_DAYS,
                   settings.RETENTION_ACCESS_RECORDS_DAYS)


@dataclass
class Protected:
    """What holds and open cases keep from this run."""

    complaint_ids: set[int] = field(default_factory=set)
    lender_ids: set[int] = field(default_factory=set)
    agency_ids: set[int] = field(default_factory=set)

    def complaints(self, complaints: QuerySet) -> QuerySet:
        return complaints.exclude(Q(pk__in=self.complaint_ids) | Q(lender_id__in=self.lender_ids)
                                  | Q(agency_id__in=self.agency_ids))


def protected_now() -> Protected:
    """Held subjects, and entities with an open inspection or enforcement action (their case may need anything)."""
    protected = Protected()
    holds = LegalHold.objects.active()
    protected.complaint_ids |= set(holds.filter(kind="complaint").values_list("complaint_id", flat=True))
    protected.lender_ids |= set(holds.filter(kind="lender").values_list("lender_id", flat=True))
    protected.agency_ids |= set(holds.filter(kind="agency").values_list("agency_id", flat=True))
    cases = [
        Inspection.objects.filter(Q(state__in=OPEN_STATES) | Q(pk__in=holds.values("inspection_id"))),
        EnforcementAction.objects.filter(~Q(state=ActionState.CLOSED) | Q(pk__in=holds.values("action_id"))),
    ]
    for case in cases:
        protected.lender_ids |= {pk for pk in case.values_list("lender_id", flat=True) if pk}
        protected.agency_ids |= {pk for pk in case.values_list("agency_id", flat=True) if pk}
    # An inspection of a lender covers the agencies it named in its scope too.
    protected.agency_ids |= {pk for pk in cases[0].values_list("agencies_in_scope", flat=True) if pk}
    # A complaint a finding cites stays whole while that finding's inspection or one of its actions is open.
    cited = Finding.complaints.through.objects.filter(
        Q(finding__inspection__state__in=OPEN_STATES)
        | Q(finding__actions__in=EnforcementAction.objects.exclude(state=ActionState.CLOSED)))
    protected.complaint_ids |= set(cited.values_list("complaint_id", flat=True))
    return protected


def complaints_due(schedule: Schedule, protected: Protected, now: dt.datetime) -> QuerySet:
    closed_at = Subquery(ComplaintEvent.objects.filter(complaint=OuterRef("pk"), to_status=ComplaintStatus.CLOSED)
                         .values("complaint").annotate(at=Max("at")).values("at"))
    due = (Complaint.objects.filter(status=ComplaintStatus.CLOSED, anonymised_at__isnull=True)
           .annotate(closed_at=closed_at)
           .filter(closed_at__lt=now - dt.timedelta(days=schedule.complainant_details_days)))
    return protected.complaints(due)


def complaints_anonymise(complaints: QuerySet, now: dt.datetime) -> tuple[int, list[str]]:
    """Blank the complainant's details everywhere they are kept (the complaint, its history, its evidence).
    Returns how many, and the evidence files to delete once this is committed."""
    ids = list(complaints.values_list("pk", flat=True))
    details = {"complainant_name": "", "complainant_phone": "", "complainant_email": ""}
    for rows in (Complaint.objects.filter(pk__in=ids), Complaint.history.filter(id__in=ids)):
        # A narrative the complainant let us publish stays, with her own name, phone and e-mail scrubbed out
        # first: once they are blanked, the publication could no longer scrub them (it reads them off the row).
        _scrub_consented_narratives(rows)
        rows.update(**details)
        rows.filter(consent_to_publish=False).update(narrative="")
    Complaint.objects.filter(pk__in=ids).update(anonymised_at=now)
    evidence = Evidence.objects.filter(complaint_id__in=ids)
    names = [name for name in evidence.values_list("file", flat=True) if name]
    evidence.delete()
    return len(ids), names


def _scrub_consented_narratives(rows: QuerySet) -> None:
    scrubbed = []
    for row in rows.filter(consent_to_publish=True).only("narrative", "complainant_name", "complainant_phone",
                                                         "complainant_email"):
        row.narrative = scrub_text(row.narrative, personal=(row.complainant_name, row.complainant_phone,
                                                            row.complainant_email))
        scrubbed.append(row)
    rows.model.objects.bulk_update(scrubbed, ["narrative"], batch_size=500)


def reports_due(schedule: Schedule, protected: Protected, now: dt.datetime) -> list[Report]:
    """Decided reports past the schedule whose raw files no report still kept needs (same bytes, same file)."""
    decided = Report.objects.filter(finished_at__lt=now - dt.timedelta(days=schedule.raw_uploads_days),
                                    raw_deleted_at__isnull=True).exclude(status__in=OPEN_STATUSES)
    due = list(decided.exclude(Q(lender_id__in=protected.lender_ids) | Q(agency_id__in=protected.agency_ids)))
    kept = Report.objects.filter(raw_deleted_at__isnull=True).exclude(pk__in=[report.pk for report in due])
    still_needed = set(kept.values_list("accounts_sha256", flat=True)) | set(kept.values_list("contacts_sha256",
                                                                                              flat=True))
    return [report for report in due if not {report.accounts_sha256, report.contacts_sha256} & still_needed]


def raw_uploads_forget(reports: list[Report], now: dt.datetime) -> list[str]:
    """Mark the reports' raw uploads deleted; returns the data store's files to delete once this is committed."""
    files = []
    for report in reports:
        files += [relative for relative in (
            storage.raw_path(report.accounts_sha256), storage.raw_path(report.contacts_sha256), report.errors_path)
            if relative]
        # The rejection list's cells are the file's own values: keep where they were, not what they held.
        report.raw_deleted_at, report.errors_path = now, ""
        report.errors_preview = [error | {"value": ""} for error in report.errors_preview]
    Report.objects.bulk_update(reports, ["raw_deleted_at", "errors_path", "errors_preview"], batch_size=500)
    return files


def access_records_delete(schedule: Schedule, protected: Protected, now: dt.datetime) -> int:
    old = PersonalDataAccess.objects.filter(at__lt=now - dt.timedelta(days=schedule.access_records_days))
    kept = protected.complaints(Complaint.objects.all())
    deleted, _ = old.filter(complaint__in=kept).delete()
    return deleted


def retention_apply(*, schedule: Schedule | None = None, now: dt.datetime | None = None) -> RetentionRun:
    """Apply the schedule once. Running it again the same day finds nothing more to do."""
    schedule, now = schedule or Schedule.from_settings(), now or timezone.now()
    run = RetentionRun.objects.create(started_at=now)
    with transaction.atomic():
        protected = protected_now()
        anonymised, evidence = complaints_anonymise(complaints_due(schedule, protected, now), now)
        reports = reports_due(schedule, protected, now)
        report_files = raw_uploads_forget(reports, now)
        counts = {"complaints_anonymised": anonymised, "raw_uploads_deleted": len(reports),
                  "access_records_deleted": access_records_delete(schedule, protected, now)}
    # Files go once the rows that pointed at them are committed: a crash leaves a stray file, never a row
    # pointing at nothing (and the next run has nothing left to do for those rows).
    for name in evidence:
        default_storage.delete(name)  # evidence is kept through Django's file storage
    for relative in report_files:
        storage.delete(relative)
    counts["held_or_open"] = {"complaints": len(protected.complaint_ids), "lenders": len(protected.lender_ids),
                              "agencies": len(protected.agency_ids)}
    run.counts, run.finished_at = counts, timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    return run
