"""Queueing a task so that a broker outage loses nothing.

The row that needs the work is already committed; when the broker cannot be reached the task is
not sent, and the periodic sweeper that looks for such rows queues it once the broker is back.
"""

import logging

from celery import Task
from kombu.exceptions import OperationalError as BrokerUnavailable

logger = logging.getLogger(__name__)


def task_send(task: Task, *args) -> bool:
    """Queue `task` (in-process without a broker); False, with a warning, when the broker is down."""
    try:
        task.delay(*args)
    except BrokerUnavailable as exc:
        logger.warning("broker unavailable: %s%r left for the sweeper (%s)", task.name, args, exc)
        return False
    return True
