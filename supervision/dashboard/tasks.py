from celery import shared_task

from . import services


@shared_task(acks_late=True, expires=600)
def complaint_counts_refresh_task() -> int:
    return services.complaint_counts_refresh()
