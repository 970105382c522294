"""Calendar months and local days: the one place that does this arithmetic."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

PERIOD_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def parse_period(value: str) -> dt.date:
    """'YYYY-MM' of a month that has started, as its first day."""
    match = PERIOD_PATTERN.match((value or "").strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValidationError(_("Write the month as YYYY-MM, for example 2026-10."), code="period_format")
    period = dt.date(int(match[1]), int(match[2]), 1)
    if period > timezone.localdate().replace(day=1):
        raise ValidationError(_("A report can only cover a month that has started."), code="period_future")
    if period.year < 2000:
        raise ValidationError(_("The month is too far in the past."), code="period_past")
    return period


def months_between(first: dt.date, last: dt.date, step: int = 1) -> list[dt.date]:
    """Every month (or every `step`-th: 3 for quarters, 12 for years) from `first` to `last`, both included: the
    x axis of a zero-filled series."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = month_start(month, step)
    return months


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
