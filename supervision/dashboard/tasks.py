from celery import shared_task

from supervision.core.debounce import debounce_release

from . import services

COUNTS_KEY = "complaint-month-counts"


@shared_task(acks_late=True, expires=600)
def complaint_counts_refresh_task() -> int:
    debounce_release(COUNTS_KEY)
    return services.complaint_counts_refresh()
