from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(acks_late=True, expires=6 * 3600, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def complaint_reminders_task() -> dict[str, int]:
    """Daily: remind entities of responses due in two days and of overdue ones."""
    return services.complaint_reminders_send()
