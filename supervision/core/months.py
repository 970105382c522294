"""Calendar months and local days: the one place that does this arithmetic."""

import datetime as dt

from django.utils import timezone


def month_start(day: dt.date, shift: int = 0) -> dt.date:
    """The first day of `day`'s month, moved `shift` months (negative: earlier)."""
    index = day.year * 12 + day.month - 1 + shift
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(day: dt.date) -> dt.date:
    return month_start(day, 1) - dt.timedelta(days=1)


def last_month() -> dt.date:
    return month_start(timezone.localdate(), -1)


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight of a local day, as an aware datetime: compare timestamps with it, so indexes serve."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
