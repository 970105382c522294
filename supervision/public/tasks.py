from celery import shared_task
from django.db import OperationalError

from .publication import publish


@shared_task(acks_late=True, expires=3000, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def publication_task() -> dict[str, int]:
    """Hourly: publish what became publishable; the public pages read the tables it writes."""
    run = publish()
    return {"published": run.published, "updated": run.updated, "withdrawn": run.withdrawn}
