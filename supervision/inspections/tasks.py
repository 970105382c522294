from celery import shared_task

from . import services


@shared_task(acks_late=True, expires=3600)
def inspections_propose_task(capacity: int = 5) -> list[int]:
    return [inspection.pk for inspection in services.inspections_propose(capacity=capacity)]


@shared_task(acks_late=True, expires=3600)
def inspections_remind_stuck_task() -> int:
    return services.inspections_remind_stuck()
