from celery import shared_task
from django.db import OperationalError

from . import services, storage


@shared_task(acks_late=True, autoretry_for=(OperationalError, storage.Unavailable), retry_backoff=True, max_retries=3)
def report_validate_task(report_id: int) -> str | None:
    report = services.report_validate(report_id=report_id)
    return report.status if report else None


@shared_task(acks_late=True, expires=600)
def reports_requeue_stalled_task() -> list[int]:
    return services.reports_requeue_stalled()


@shared_task(acks_late=True, expires=3600)
def store_sweep_task() -> int:
    return len(services.store_sweep())
