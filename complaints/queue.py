"""The triage queue: keyset pages over an indexed order, so page 1 and page 500 of a million cost the same.

A page is addressed by a cursor (the last row's sort value and id), never by an offset; sorting is
by one of a few indexed columns, with the id as the tie-breaker.
"""

import base64
import datetime as dt
import json
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime

# The orders the queue offers: each backed by a (column, id) index (see Complaint.Meta.indexes).
SORTS = {"received": "received_at", "due": "response_due"}
PAGE_SIZE = 50
COUNT_CAP = 1_000  # past this, "1,000+": an exact count of a large selection costs more than the page itself


@dataclass(frozen=True)
class QueuePage:
    rows: list
    next_cursor: str | None
    previous_cursor: str | None


def _encode(value, pk: int) -> str:
    text = json.dumps([value.isoformat() if isinstance(value, dt.datetime) else value, pk])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple | None:
    try:
        value, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        moment = parse_datetime(value) if isinstance(value, str) else None
        return (moment, int(pk)) if moment else None
    except (ValueError, TypeError):
        return None  # a cursor someone edited: start from the first page


def queue_page(complaints: QuerySet, *, sort: str = "-received", after: str = "", before: str = "",
               size: int = PAGE_SIZE) -> QueuePage:
    """One page of the queue in `sort` order ("received", "-received", "due", "-due"), after or before a cursor."""
    descending = sort.startswith("-")
    column = SORTS.get(sort.lstrip("-"), "received_at")
    if column == "response_due":
        complaints = complaints.filter(response_due__isnull=False)  # only forwarded complaints have a due date
    backwards = bool(before) and not after
    cursor = _decode(after or before) if (after or before) else None
    forward_desc = descending != backwards  # walking back is walking the opposite order
    if cursor:
        value, pk = cursor
        op = "lt" if forward_desc else "gt"
        # The bound on the column alone lets the (column, id) index start at the cursor; the rest breaks ties.
        complaints = complaints.filter(Q(**{f"{column}__{op}e": value}),
                                       Q(**{f"{column}__{op}": value}) | Q(**{f"pk__{op}": pk}))
    order = [f"-{column}", "-pk"] if forward_desc else [column, "pk"]
    rows = list(complaints.order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    first, last = (rows[0], rows[-1]) if rows else (None, None)
    has_next = more if not backwards else True
    has_previous = (more if backwards else bool(cursor)) and bool(rows)
    return QueuePage(
        rows=rows,
        next_cursor=_encode(getattr(last, column), last.pk) if rows and has_next else None,
        previous_cursor=_encode(getattr(first, column), first.pk) if has_previous else None,
    )


def queue_count(complaints: QuerySet) -> tuple[int, bool]:
    """How many match, counted up to COUNT_CAP; True when there are more."""
    count = complaints.order_by()[: COUNT_CAP + 1].count()
    return min(count, COUNT_CAP), count > COUNT_CAP
