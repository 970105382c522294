"""What other apps may listen to: intake does not know the screens and metrics that follow from it."""

import contextlib
import contextvars

from django.dispatch import Signal

# Sent after the transaction commits, with `months`: the first days of the months whose counts the change touches.
complaints_changed = Signal()

_batch: contextvars.ContextVar[set | None] = contextvars.ContextVar("complaint_changes_batch", default=None)


def send_changed(months: set) -> None:
    batch = _batch.get()
    if batch is not None:
        batch.update(months)
    else:
        complaints_changed.send(sender=None, months=months)


@contextlib.contextmanager
def changes_batched():
    """Inside, changes are collected; on leaving, one announcement covers them all (for loaders such as the demo)."""
    token = _batch.set(set())
    try:
        yield
        months = _batch.get()
    finally:
        _batch.reset(token)
    if months:
        send_changed(months)
