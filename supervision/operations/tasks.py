from celery import shared_task

from .health import heartbeat_record


@shared_task(ignore_result=True, expires=120)
def heartbeat_task() -> None:
    """Beat runs this every minute: readiness reads its time to tell a dead scheduler."""
    heartbeat_record()
