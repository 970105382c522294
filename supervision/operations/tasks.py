from celery import shared_task

from .health import heartbeat_record
from .retention import retention_apply


@shared_task(ignore_result=True, expires=120)
def heartbeat_task() -> None:
    """Beat runs this every minute: readiness reads its time to tell a dead scheduler."""
    heartbeat_record()


@shared_task(acks_late=True, expires=12 * 3600)
def retention_task() -> dict:
    """Daily: the retention schedule, once; its counts are the run's audit record."""
    return retention_apply().counts
