"""What a DuckDB metrics session reads: the month's accepted reports, their files, mandates and limits.

Shared by the computation (services) and the drill-down (selectors).
"""

import datetime as dt

from django.conf import settings
from django.db.models import Q

from supervision.core.months import month_end
from supervision.entities.models import Mandate
from supervision.reporting import storage
from supervision.reporting.choices import ReportStatus
from supervision.reporting.models import Report
from supervision.rules.models import RuleProfile

from . import compute


def duckdb_settings() -> dict:
    return {"memory_limit": settings.DUCKDB_MEMORY_LIMIT, "spill_to": storage.scratch_root(),
            "filesystem": storage.filesystem() if storage.is_remote() else None, "threads": settings.DUCKDB_THREADS}


def limits_of(profile: RuleProfile) -> compute.Limits:
    def seconds(time: dt.time) -> int:
        return time.hour * 3600 + time.minute * 60 + time.second

    return compute.Limits(
        permitted_from_s=seconds(profile.permitted_from), permitted_until_s=seconds(profile.permitted_until),
        combined_daily_connected_limit=profile.combined_daily_connected_limit,
        collector_daily_attempt_limit=profile.collector_daily_attempt_limit,
        seven_day_attempt_limit=profile.seven_day_attempt_limit, blasting_threshold=profile.blasting_threshold,
        recording_required=profile.recording_required,
        registered_third_parties_only=profile.registered_third_parties_only,
        reachable_window_days=profile.reachable_window_days, stop_requests_counted=profile.stop_requests_counted,
        post_conversation_cooldown_days=profile.post_conversation_cooldown_days,
    )


def accepted_reports(period: dt.date):
    return Report.objects.filter(period=period, status=ReportStatus.ACCEPTED).select_related("agency", "lender")


def report_files(reports, copies: dict | None = None) -> list[compute.ReportFiles]:
    """The reports' files as DuckDB reads them: from the data store, or from `copies` on local disk."""
    def name(relative: str) -> str:
        return str(copies[relative]) if copies else storage.location(relative)

    return [compute.ReportFiles(collector=report.submitter.code, contacts=name(report.contacts_parquet),
                                accounts=name(report.accounts_parquet), contract_version=report.contract_version or 1)
            for report in reports]


def files_of(reports) -> list[str]:
    return [path for report in reports for path in (report.contacts_parquet, report.accounts_parquet)]


def daily_connected_path(report: Report) -> str:
    return storage.parquet_path("daily_connected", period_label=report.period_label,
                                submitter_code=report.submitter.code, report_id=report.pk)


def mandates_in(period: dt.date) -> list[tuple]:
    return list(
        Mandate.objects.filter(valid_from__lte=month_end(period)).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period))
        .values_list("agency__code", "lender__code", "valid_from", "valid_to")
    )
