import datetime as dt

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from supervision.core.debounce import debounce_release
from supervision.core.months import last_month, month_start
from supervision.reporting.models import Report
from supervision.reporting.storage import Unavailable
from supervision.rules.models import RuleProfile

from . import services


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def metrics_for_report_task(report_id: int) -> int | None:
    """A report was accepted: recompute its month for its collector."""
    report = Report.objects.select_related("agency", "lender").filter(pk=report_id).first()
    if report is None:
        return None
    return services.metrics_compute(period=report.period, collector_code=report.submitter.code)


@shared_task(acks_late=True, expires=6 * 3600)
def metrics_nightly_task() -> list[str]:
    """The current and the previous month, for every collector, fanned out over the workers."""
    periods = [last_month(), month_start(timezone.localdate())]
    for period in periods:
        services.metrics_fan_out(period=period)
    return [period.isoformat() for period in periods]


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def metrics_for_profile_task(period: str, profile_id: int) -> str:
    """A supervisor asked for a month under another rule profile, to compare it with the default's."""
    services.metrics_fan_out(period=dt.date.fromisoformat(period), profile=RuleProfile.objects.get(pk=profile_id))
    return period  # not the chord's AsyncResult, which a result store cannot keep


# A batch is keyed by its report ids: measured twice, it gives the same answer and counts once.
@shared_task(acks_late=True, autoretry_for=(OperationalError, Unavailable), retry_backoff=True, max_retries=3)
def metrics_batch_task(period: str, profile_id: int, report_ids: list[int]) -> dict:
    return services.measure_batch(period=dt.date.fromisoformat(period), profile=RuleProfile.objects.get(pk=profile_id),
                                  report_ids=report_ids)


@shared_task(acks_late=True, autoretry_for=(OperationalError, Unavailable), retry_backoff=True, max_retries=3)
def metrics_finish_task(measured: list[dict], period: str, profile_id: int) -> int:
    return services.metrics_finish(period=dt.date.fromisoformat(period), profile=RuleProfile.objects.get(pk=profile_id),
                                   collector_code=None, measured=measured)


COMPLAINT_METRICS_KEY = "complaint-metrics"


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def complaint_metrics_refresh_task() -> list[str]:
    """Complaints changed: recompute the complaint metrics of every month marked stale since the last run."""
    debounce_release(COMPLAINT_METRICS_KEY)
    return [period.isoformat() for period in services.stale_complaint_months_refresh()]
