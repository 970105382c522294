"""Coalescing a burst of changes into one run of a task."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def debounce(task, *, key: str, seconds: int) -> bool:
    """Queue `task` to run in `seconds` unless a run is already waiting; True if this call queued it.

    The task calls `debounce_release(key)` first thing, so a change made while it runs queues the next run.
    """
    if not cache.add(f"debounce:{key}", 1, timeout=seconds + 600):
        return False
    task.apply_async(countdown=seconds)
    return True


def debounce_release(key: str) -> None:
    cache.delete(f"debounce:{key}")
