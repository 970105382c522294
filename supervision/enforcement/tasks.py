from celery import shared_task

from . import services


@shared_task(acks_late=True, expires=6 * 3600)
def enforcement_deadlines_task() -> dict[str, int]:
    return services.enforcement_deadlines()
