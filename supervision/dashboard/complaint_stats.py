"""The complaint stats from the precomputed monthly counts, when they answer exactly what the live query would.

They do when nobody has written a complaint since they were counted (the tables' versions then are those the
refresh recorded), the reader is a regulator (entities see only some statuses), and the filters are ones the
counts keep: lender, agency, province, a category (except when grouping by category: that needs which
categories go together), and dates that start and end months. Otherwise the caller counts live.
"""

import datetime as dt

from django.core.cache import cache
from django.db.models import Sum

from complaints.models import Complaint, ComplaintCategory
from supervision.core.months import month_end
from supervision.core.versions import versions

from .models import ComplaintMonthCount

SOURCE_VERSIONS_KEY = "complaint-month-counts:source-versions"
PRECOMPUTED_FILTERS = {"lender", "agency", "province", "category", "received_from", "received_to"}
GROUPED_BY = {"lender": ("lender__code", "lender__name"), "agency": ("agency__code", "agency__name"),
              "province": ("region",), "month": ("month",), "category": ("category",)}


def source_versions() -> tuple:
    return versions(Complaint, ComplaintCategory)


def counts_are_current() -> bool:
    return cache.get(SOURCE_VERSIONS_KEY) == source_versions()


def precomputed_counts(*, params: dict, group_by: str) -> list[dict] | None:
    """Rows as `complaints.selectors.complaint_counts` gives them, or None when the counts cannot answer."""
    given = {name: value for name, value in params.items() if value not in ("", None)}
    if set(given) - PRECOMPUTED_FILTERS or (group_by == "category" and "category" in given):
        return None
    since, until = _day(given.get("received_from")), _day(given.get("received_to"))
    if (since and since.day != 1) or (until and until != month_end(until)) or not counts_are_current():
        return None
    # Rows with a category count a complaint under each of its categories; the others count it once.
    rows = (ComplaintMonthCount.objects.exclude(category="") if group_by == "category"
            else ComplaintMonthCount.objects.filter(category=given.get("category", "")))
    for name, lookup in (("lender", "lender__code"), ("agency", "agency__code"), ("province", "region")):
        if name in given:
            rows = rows.filter(**{lookup: given[name]})
    if since:
        rows = rows.filter(month__gte=since)
    if until:
        rows = rows.filter(month__lte=until)
    fields = GROUPED_BY[group_by]
    counted = rows.order_by().values(*fields).annotate(complaints=Sum("complaints")).order_by("-complaints", fields[0])
    return [{"key": row[fields[0]].strftime("%Y-%m") if group_by == "month" else row[fields[0]],
             **({} if group_by == "category" else {"name": row.get(fields[1]) if len(fields) > 1 else None}),
             "complaints": row["complaints"]} for row in counted]


def _day(value) -> dt.date | None:
    if isinstance(value, dt.date) or value is None:
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
