"""Submitting, validating, accepting and superseding monthly conduct reports."""

import dataclasses
import datetime as dt
import logging
import shutil
import time
from typing import IO

import duckdb
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from supervision.core.bulk import insert_rows
from supervision.core.dispatch import task_send
from supervision.entities.models import Agency, Lender
from supervision.metrics.models import ContactHourCount
from supervision.operations import monitoring

from . import storage
from .choices import OPEN_STATUSES, ReportStage, ReportStatus
from .ingest import FileLevelError, IngestResult, ReportContext, ingest_report
from .ingest.write import hour_counts
from .models import Report, ReportEvent

logger = logging.getLogger(__name__)


def _record(report: Report, to_status: str, *, by=None, note: str = "") -> None:
    """Change the status and write the event row, in the caller's transaction."""
    from_status = report.status
    report.status = to_status
    ReportEvent.objects.create(report=report, from_status=from_status, to_status=to_status, by=by, note=note[:500])


def report_submit(
    *,
    submitter: Lender | Agency,
    period: dt.date,
    accounts: IO[bytes],
    contacts: IO[bytes],
    submitted_by=None,
    accounts_name: str = "accounts.csv",
    contacts_name: str = "contacts.csv",
    dispatch: bool = True,
) -> tuple[Report, bool]:
    """Store the raw files and record the report; validation is queued after commit (unless the
    caller validates it itself, `dispatch=False`).

    The same bytes sent again for the same month return the existing report (created False).
    """
    accounts_path, accounts_sha = storage.store_raw(accounts)
    contacts_path, contacts_sha = storage.store_raw(contacts)
    owner = {"agency": submitter} if isinstance(submitter, Agency) else {"lender": submitter}
    existing = (
        Report.objects.filter(**owner, period=period, accounts_sha256=accounts_sha, contacts_sha256=contacts_sha)
        .exclude(status=ReportStatus.SUPERSEDED)
        .first()
    )
    if existing:
        return existing, False
    with transaction.atomic():
        report = Report.objects.create(
            **owner,
            period=period,
            submitted_by=submitted_by,
            accounts_name=accounts_name[:255],
            contacts_name=contacts_name[:255],
            accounts_sha256=accounts_sha,
            contacts_sha256=contacts_sha,
        )
        ReportEvent.objects.create(report=report, to_status=ReportStatus.RECEIVED, by=submitted_by)
        transaction.on_commit(lambda: monitoring.REPORTS.labels(outcome="received", stage="").inc())
        if dispatch:
            transaction.on_commit(lambda: report_dispatch(report_id=report.pk))
    return report, True


def report_dispatch(*, report_id: int) -> None:
    """Queue validation (in-process when no broker is configured). When the broker is down the report
    stays received and marked, and the sweeper queues it as soon as the broker answers again."""
    from .tasks import report_validate_task

    if not task_send(report_validate_task, report_id):
        Report.objects.filter(pk=report_id, status__in=OPEN_STATUSES).update(stage=ReportStage.UNQUEUED)


def _progress(report_id: int):
    def update(percent: int, stage: str) -> None:
        Report.objects.filter(pk=report_id).update(progress=percent, stage=stage, updated_at=timezone.now())

    return update


def report_validate(*, report_id: int) -> Report | None:
    """Validate a received report and accept or reject it; safe to run again after a crash."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status not in OPEN_STATUSES:
            return report  # gone, or already decided by an earlier run
        if report.status == ReportStatus.RECEIVED:
            _record(report, ReportStatus.VALIDATING)
        report.attempts += 1
        report.progress, report.stage = 0, ReportStage.QUEUED
        report.save()

    submitter = report.submitter
    paths = {
        kind: storage.parquet_path(
            kind, period_label=report.period_label, submitter_code=submitter.code, report_id=report.pk
        )
        for kind in ("accounts", "contacts")
    }
    started = time.perf_counter()
    try:
        result = _ingest_and_publish(report, _context(submitter, report.period), paths)
    except FileLevelError as exc:
        _observe(started, rows=0, outcome="rejected", stage="reading")
        return _reject(report.pk, errors=exc.errors, error_count=len(exc.errors), errors_path="")
    except storage.Unavailable:
        # Nothing points at what may have been written: the report waits (the task retries, then the
        # sweeper of stalled reports) and a later run writes the same files again.
        Report.objects.filter(pk=report.pk, status__in=OPEN_STATUSES).update(stage=ReportStage.STORE_UNAVAILABLE)
        raise
    _observe(started, rows=result.contacts_rows, outcome="accepted" if result.accepted else "rejected",
             stage="" if result.accepted else "validating")
    if not result.accepted:
        return _reject(
            report.pk,
            errors=result.errors_preview,
            error_count=result.error_count,
            errors_path=storage.errors_path(report.pk) if result.errors_csv else "",
            accounts_rows=result.accounts_rows,
            contacts_rows=result.contacts_rows,
            contract_version=result.contract_version,
        )
    return _accept(report.pk, paths=paths, accounts_rows=result.accounts_rows, contacts_rows=result.contacts_rows,
                   contract_version=result.contract_version, contact_hours=result.contact_hours)


def _ingest_and_publish(report: Report, context: ReportContext, paths: dict[str, str]) -> IngestResult:
    """Validate the raw files on local scratch and publish what the decision needs (the accepted Parquet, or
    the rejection list) into the data store; the database is changed afterwards, by the caller."""
    raw = {kind: storage.raw_path(getattr(report, f"{kind}_sha256")) for kind in ("accounts", "contacts")}
    with storage.local_copies(list(raw.values())) as copies, storage.scratch_folder() as out:
        result = ingest_report(
            accounts=copies[raw["accounts"]],
            contacts=copies[raw["contacts"]],
            context=context,
            accounts_target=out / "accounts.parquet",
            contacts_target=out / "contacts.parquet",
            errors_target=out / "errors.csv",
            scratch_root=storage.scratch_root(),
            progress=_progress(report.pk),
            memory_limit=settings.DUCKDB_MEMORY_LIMIT,
        )
        if result.accepted:
            for kind, relative in paths.items():
                storage.publish(out / f"{kind}.parquet", relative)
        elif result.errors_csv:
            storage.publish(result.errors_csv, storage.errors_path(report.pk))
    return result


def _observe(started: float, *, rows: int, outcome: str, stage: str) -> None:
    """The monitoring figures of one validation: its outcome, its time and its speed."""
    seconds = time.perf_counter() - started
    monitoring.REPORTS.labels(outcome=outcome, stage=stage).inc()
    monitoring.VALIDATION_SECONDS.observe(seconds)
    if rows:
        monitoring.VALIDATION_ROWS_PER_SECOND.observe(rows / seconds)


def _context(submitter: Lender | Agency, period: dt.date) -> ReportContext:
    return ReportContext(
        period=period,
        lender_codes=list(Lender.objects.values_list("code", flat=True)),
        submitter_code=submitter.code,
        pseudonym_key=settings.PSEUDONYM_KEY.encode(),
        own_lender_code=submitter.code if isinstance(submitter, Lender) else None,
    )


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """What a submission of these files would be told, without the submission."""

    accepted: bool
    accounts_rows: int
    contacts_rows: int
    error_count: int
    errors: list[dict]  # the first ERROR_PREVIEW_LIMIT problems, as a report's errors_preview


def report_check(*, submitter: Lender | Agency, period: dt.date, accounts: IO[bytes], contacts: IO[bytes]) -> CheckResult:
    """Every check of a real submission (a dry run): the files and all that the checks write live in a scratch
    folder removed before this returns, so no report, file or result is stored."""
    with storage.scratch_folder() as scratch:
        for name, source in (("accounts", accounts), ("contacts", contacts)):
            source.seek(0)
            with (scratch / name).open("wb") as out:
                shutil.copyfileobj(source, out, 1 << 20)
        try:
            result = ingest_report(
                accounts=scratch / "accounts", contacts=scratch / "contacts", context=_context(submitter, period),
                accounts_target=scratch / "out" / "accounts.parquet", contacts_target=scratch / "out" / "contacts.parquet",
                errors_target=scratch / "out" / "errors.csv", scratch_root=scratch / "work",
                memory_limit=settings.DUCKDB_MEMORY_LIMIT,
            )
        except FileLevelError as exc:
            return CheckResult(False, 0, 0, len(exc.errors), [dataclasses.asdict(error) for error in exc.errors])
    return CheckResult(result.accepted, result.accounts_rows, result.contacts_rows, result.error_count,
                       [dataclasses.asdict(error) for error in result.errors_preview])


def _finish(report: Report, to_status: str, **fields) -> None:
    for name, value in fields.items():
        setattr(report, name, value)
    report.progress, report.stage, report.finished_at = 100, to_status, timezone.now()
    _record(report, to_status)
    report.save()


def _reject(report_id: int, *, errors, error_count: int, errors_path: str, **counts) -> Report:
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status != ReportStatus.VALIDATING:
            return report
        _finish(
            report,
            ReportStatus.REJECTED,
            error_count=error_count,
            errors_preview=[dataclasses.asdict(error) for error in errors],
            errors_path=errors_path,
            **counts,
        )
    return report


def _accept(report_id: int, *, paths: dict[str, str], accounts_rows: int, contacts_rows: int,
            contract_version: int, contact_hours: list[tuple]) -> Report:
    """Flip the month's pointer to this report, and its collector's contacts by hour to this report's, in one
    transaction; the old files stay for audit."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status != ReportStatus.VALIDATING:
            return report
        current = list(
            Report.objects.select_for_update()
            .filter(submitter_key=report.submitter_key, period=report.period, status=ReportStatus.ACCEPTED)
        )
        fields = {
            "accounts_parquet": paths["accounts"],
            "contacts_parquet": paths["contacts"],
            "accounts_rows": accounts_rows,
            "contacts_rows": contacts_rows,
            "contract_version": contract_version,
            "error_count": 0,
        }
        newer = [other for other in current if other.created_at > report.created_at]
        if newer:  # a later submission was accepted first: this one is history already
            _finish(report, ReportStatus.SUPERSEDED, **fields)
            return report
        for older in current:
            _record(older, ReportStatus.SUPERSEDED, note=f"superseded by report {report.pk}")
            older.save(update_fields=["status", "updated_at"])
        _finish(report, ReportStatus.ACCEPTED, **fields)
        contact_hours_replace(report, contact_hours)
        transaction.on_commit(lambda: metrics_dispatch(report_id=report.pk))
    return report


def contact_hours_replace(report: Report, rows: list[tuple]) -> None:
    """The dashboard's contacts by hour for the report's collector and month, from (lender, ISO weekday, local
    hour, contacts) rows."""
    collector = report.submitter.code
    ContactHourCount.objects.filter(period=report.period, collector_code=collector).delete()
    lenders = dict(Lender.objects.filter(code__in={lender for lender, *_ in rows}).values_list("code", "pk"))
    insert_rows(ContactHourCount, ["period", "collector_code", "agency", "lender", "weekday", "hour", "contacts"], (
        (report.period, collector, report.agency_id, lenders.get(lender), weekday, hour, contacts)
        for lender, weekday, hour, contacts in rows
    ))


def contact_hours_recount(*, period: dt.date | None = None) -> int:
    """Count the contacts by hour of every accepted report (of one month) again from its accepted file: for reports
    accepted before acceptance stored them, or to repair the table. Returns how many reports were counted."""
    reports = Report.objects.filter(status=ReportStatus.ACCEPTED).select_related("agency", "lender").order_by("pk")
    if period is not None:
        reports = reports.filter(period=period)
    counted = 0
    with duckdb.connect() as con:
        for report in reports.iterator():
            with storage.local_copies([report.contacts_parquet]) as copies:
                rows = hour_counts(con, copies[report.contacts_parquet])
            with transaction.atomic():  # superseded while it was counted: its successor's counts stand
                if Report.objects.select_for_update().filter(pk=report.pk, status=ReportStatus.ACCEPTED).exists():
                    contact_hours_replace(report, rows)
                    counted += 1
    return counted


def metrics_dispatch(*, report_id: int) -> None:
    """An accepted report changes its month's metrics (if the broker is down, the nightly job does it)."""
    from supervision.metrics.tasks import metrics_for_report_task

    task_send(metrics_for_report_task, report_id)


def reports_requeue_stalled(*, older_than: dt.timedelta | None = None) -> list[int]:
    """Queue again the open reports nobody has touched for a while (a worker died under them), and
    at once those the broker could not take when they arrived."""
    if older_than is None:
        older_than = dt.timedelta(minutes=settings.REPORT_STALL_MINUTES)
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        stalled = list(
            Report.objects.select_for_update(skip_locked=True)
            .filter(Q(updated_at__lt=cutoff) | Q(stage=ReportStage.UNQUEUED), status__in=OPEN_STATUSES)
            .values_list("pk", flat=True)
        )
        Report.objects.filter(pk__in=stalled).update(updated_at=timezone.now(), stage=ReportStage.REQUEUED)
    for report_id in stalled:
        transaction.on_commit(lambda report_id=report_id: report_dispatch(report_id=report_id))
    return stalled


# Where a crash between writing a report's files and pointing at them leaves files nobody points to; and where
# the metrics keep each accepted report's daily summary, which a superseded report no longer needs (summaries are
# derived, and made again when missing).
SWEPT_FOLDERS = ("reports/parquet/accounts", "reports/parquet/contacts", "reports/parquet/daily_connected",
                 "reports/errors")


def store_sweep(*, older_than: dt.timedelta = dt.timedelta(days=1), now: float | None = None) -> list[str]:
    """Delete the data store's report files that no report points to, and the daily summaries of reports no longer
    accepted, once older than `older_than` (a validation or a month's metrics still running has not pointed at
    its files yet); returns what was deleted."""
    from supervision.metrics.sources import daily_connected_path

    cutoff = (time.time() if now is None else now) - older_than.total_seconds()
    referenced = set()
    for paths in Report.objects.values_list("accounts_parquet", "contacts_parquet", "errors_path").iterator():
        referenced.update(paths)
    accepted = Report.objects.filter(status=ReportStatus.ACCEPTED).select_related("agency", "lender")
    referenced.update(daily_connected_path(report) for report in accepted.iterator())
    swept = []
    for folder in SWEPT_FOLDERS:
        for relative, modified in storage.listing(folder):
            if relative not in referenced and modified < cutoff:
                storage.delete(relative)
                swept.append(relative)
    if swept:
        logger.info("data store: deleted %d files no report points to", len(swept))
    return swept
