"""Searching the published complaints: filters that include or exclude, facet counts under the other filters,
trends, and what the data's freshness is. Everything reads the public tables only."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Count, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from supervision.core.labels import label
from supervision.entities.models import Agency, Lender

from .models import PublicationRun, PublishedCategory, PublishedComplaint
from .search import search_tokens

IN_HOUSE = "in_house"  # the agency facet's value for complaints about a lender collecting itself
FACETS = ("lender", "agency", "category", "province", "channel", "response", "timely", "has_narrative")
MAX_VALUES = 5  # how many of one filter's values a query may name
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class PublicQuery:
    """A search of the public database; it lives in the URL, so every search has a permanent address."""

    search: str = ""
    date_min: dt.date | None = None
    date_max: dt.date | None = None
    include: dict = field(default_factory=dict)  # facet -> values
    exclude: dict = field(default_factory=dict)
    sort: str = "-date_received"

    @classmethod
    def from_params(cls, params: QueryDict) -> tuple["PublicQuery", dict[str, list[str]]]:
        """The query, and the errors of the parameters that could not be read (per parameter, for people)."""
        errors: dict[str, list[str]] = {}

        def day(name: str) -> dt.date | None:
            value = params.get(name, "")
            parsed = parse_date(value) if value else None
            if value and parsed is None:
                errors[name] = [_("Write the date as YYYY-MM-DD.")]
            return parsed

        include, exclude = {}, {}
        for facet in FACETS:
            for target, name in ((include, facet), (exclude, f"not_{facet}")):
                values = [value for value in params.getlist(name) if value][:MAX_VALUES]
                if facet in ("timely", "has_narrative") and any(value not in ("true", "false") for value in values):
                    errors[name] = [_("Use true or false.")]
                elif values:
                    target[facet] = tuple(values)
        sort = params.get("sort", "-date_received")
        if sort not in ("date_received", "-date_received"):
            errors["sort"] = [_("Sort by date_received or -date_received.")]
            sort = "-date_received"
        return cls(params.get("search", "").strip()[:100], day("date_received_min"), day("date_received_max"),
                   include, exclude, sort), errors

    def without(self, facet: str) -> "PublicQuery":
        """The same query with one facet's own filters lifted: its counts are counted under the others."""
        return PublicQuery(self.search, self.date_min, self.date_max,
                           {k: v for k, v in self.include.items() if k != facet},
                           {k: v for k, v in self.exclude.items() if k != facet}, self.sort)


def _condition(facet: str, values: tuple[str, ...]) -> Q:
    """Rows whose facet takes one of the values; its negation is exactly the rest (NULLs included)."""
    if facet == "category":  # EXISTS, so excluding is an anti-join, not NOT IN over a large list
        return Q(Exists(PublishedCategory.objects.filter(published=OuterRef("pk"), code__in=values)))
    if facet == "agency":
        codes = [value for value in values if value != IN_HOUSE]
        return Q(agency__code__in=codes) | Q(agency__isnull=True) if IN_HOUSE in values else Q(agency__code__in=codes)
    if facet == "lender":
        return Q(lender__code__in=values)
    if facet == "timely":
        return Q(timely__in=[value == "true" for value in values])
    if facet == "has_narrative":
        wanted = {value == "true" for value in values}
        return Q() if len(wanted) == 2 else (~Q(narrative="") if True in wanted else Q(narrative=""))
    return Q(**{f"{facet}__in": values})


def _search(rows: QuerySet, text: str) -> QuerySet:
    if not text:
        return rows
    tokens = search_tokens(text)
    if connection.vendor == "postgresql" and tokens and all(len(token) > 1 for token in tokens.split()):
        return rows.filter(RawSQL("to_tsvector('simple', search_tokens) @@ phraseto_tsquery('simple', %s)",
                                  [tokens], output_field=BooleanField()))
    return rows.filter(narrative__icontains=text)  # SQLite, or a one-character word


def matching(query: PublicQuery) -> QuerySet[PublishedComplaint]:
    rows = _search(PublishedComplaint.objects.all(), query.search)
    if query.date_min:
        rows = rows.filter(received_on__gte=query.date_min)
    if query.date_max:
        rows = rows.filter(received_on__lte=query.date_max)
    for facet, values in query.include.items():
        rows = rows.filter(_condition(facet, values))
    for facet, values in query.exclude.items():
        rows = rows.exclude(_condition(facet, values))
    return rows


def results(query: PublicQuery, *, page: int, size: int) -> list[PublishedComplaint]:
    order = ["-received_on", "-pk"] if query.sort.startswith("-") else ["received_on", "pk"]
    start = (page - 1) * size
    return list(matching(query).select_related("lender", "agency").prefetch_related("categories")
                .order_by(*order)[start:start + size])


def _facet_value(facet: str, value):
    """A stored value as the facet names it: in-house for no agency, true/false for timeliness; None or ""
    (unknown province, not yet answered) is no value to filter by."""
    if facet == "agency" and value is None:
        return IN_HOUSE
    if facet == "timely" and value is not None:
        return "true" if value else "false"
    return value


def _value_label(facet: str, value, names: dict) -> str:
    if facet in ("lender", "agency"):
        return _("In-house collection") if value == IN_HOUSE else names.get((facet, value), value)
    if facet in ("timely", "has_narrative"):
        return _("Yes") if value == "true" else _("No")
    kind = {"category": "category", "province": "province", "channel": "complaint_channel",
            "response": "response_type"}[facet]
    return label(kind, value)


# Facets whose counts are one column of the table: on PostgreSQL, all of those a query does not filter by are
# counted in one GROUPING SETS pass over the matching rows (each filtered facet still lifts its own filter).
COLUMN_FACETS = {"lender": "lender_id", "agency": "agency_id", "province": "province", "channel": "channel",
                 "response": "response", "timely": "timely"}


def _pairs(facet: str, rows: QuerySet):
    """(value, count) of one facet over `rows`."""
    if facet == "category":
        return (PublishedCategory.objects.filter(Exists(rows.filter(pk=OuterRef("published_id"))))
                .values_list("code").annotate(n=Count("published_id")))
    if facet == "has_narrative":
        totals = rows.aggregate(yes=Count("pk", filter=~Q(narrative="")), no=Count("pk", filter=Q(narrative="")))
        return [("true", totals["yes"]), ("false", totals["no"])]
    if facet in ("lender", "agency"):
        return rows.order_by().values_list(f"{facet}__code").annotate(n=Count("pk"))
    return rows.order_by().values_list(facet).annotate(n=Count("pk"))


def _grouped_pairs(rows: QuerySet, facets: list[str]) -> dict[str, list[tuple]]:
    """(value, count) of several column facets over the same rows, in one query (PostgreSQL's GROUPING SETS)."""
    columns = [COLUMN_FACETS[facet] for facet in facets]
    inner, params = rows.order_by().values(*columns).query.sql_with_params()
    flags = ", ".join(f"GROUPING({column})" for column in columns)
    sets = ", ".join(f"({column})" for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {flags}, {', '.join(columns)}, COUNT(*) FROM ({inner}) AS base "  # noqa: S608
                       f"GROUP BY GROUPING SETS ({sets})", params)
        found = cursor.fetchall()
    width = len(columns)
    pairs: dict[str, list[tuple]] = {facet: [] for facet in facets}
    for row in found:
        index = row[:width].index(0)  # the one column this row is grouped by
        pairs[facets[index]].append((row[width + index], row[-1]))
    for facet, model in (("lender", Lender), ("agency", Agency)):  # ids to the codes the facet speaks in
        if facet in pairs:
            codes = dict(model.objects.filter(pk__in=[value for value, _n in pairs[facet] if value])
                         .values_list("pk", "code"))
            pairs[facet] = [(codes.get(value), n) for value, n in pairs[facet]]
    return pairs


def facet_counts(query: PublicQuery) -> dict[str, list[dict]]:
    """For each facet, how many complaints take each value under all the other filters, most first."""
    counted: dict[str, list[tuple]] = {}
    unfiltered = [facet for facet in COLUMN_FACETS if facet not in query.include and facet not in query.exclude]
    grouped = _grouped_pairs(matching(query), unfiltered) if connection.vendor == "postgresql" and unfiltered else {}
    for facet in FACETS:
        pairs = grouped[facet] if facet in grouped else _pairs(facet, matching(query.without(facet)))
        counted[facet] = [(_facet_value(facet, value), n) for value, n in pairs
                          if n and _facet_value(facet, value) not in ("", None)]
    codes = {facet: [value for value, _n in counted[facet]] for facet in ("lender", "agency")}
    names = {("lender", code): name for code, name in Lender.objects.filter(code__in=codes["lender"])
             .values_list("code", "name")} | {("agency", code): name for code, name in Agency.objects.filter(
                 code__in=codes["agency"]).values_list("code", "name")}
    return {facet: [{"value": value, "label": _value_label(facet, value, names), "count": n}
                    for value, n in sorted(pairs, key=lambda pair: (-pair[1], str(pair[0])))]
            for facet, pairs in counted.items()}


TRUNC = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
LENSES = {"overview": None, "category": "categories__code", "lender": "lender__code", "agency": "agency__code",
          "province": "province"}


def trends(query: PublicQuery, *, lens: str, interval: str, top: int = 5) -> dict:
    """Complaints per month, quarter or year under the filters, zero-filled; by lens, the `top` values."""
    rows = matching(query)
    field_ = LENSES[lens]
    periods = rows.annotate(period=TRUNC[interval]("received_on")).order_by()
    if field_:
        leading = [value for value, _n in periods.values_list(field_).annotate(n=Count("pk", distinct=True))
                   .order_by("-n")[:top]]
        counts = periods.filter(**{f"{field_}__in": leading}).values_list("period", field_).annotate(
            n=Count("pk", distinct=True))
    else:
        leading = [None]
        counts = [(period, None, n) for period, n in periods.values_list("period").annotate(n=Count("pk"))]
    by = {(period, value): n for period, value, n in counts}
    calendar = _calendar(sorted({period for period, _value in by}), interval)
    return {"interval": interval, "lens": lens, "periods": [_period_label(period, interval) for period in calendar],
            "series": [{"value": value, "label": _lens_label(lens, value),
                        "counts": [by.get((period, value), 0) for period in calendar]} for value in leading]}


def _calendar(periods: list[dt.date], interval: str) -> list[dt.date]:
    from supervision.core.months import month_start

    if not periods:
        return []
    step = {"month": 1, "quarter": 3, "year": 12}[interval]
    calendar, current = [], periods[0]
    while current <= periods[-1]:
        calendar.append(current)
        current = month_start(current, step)
    return calendar


def _period_label(period: dt.date, interval: str) -> str:
    return {"month": f"{period:%Y-%m}", "quarter": f"{period.year}Q{(period.month - 1) // 3 + 1}",
            "year": f"{period.year}"}[interval]


def _lens_label(lens: str, value) -> str:
    if lens == "overview":
        return _("Complaints")
    if lens == "category":
        return label("category", value)
    if lens == "province":
        return label("province", value)
    model = Lender if lens == "lender" else Agency
    return model.objects.filter(code=value).values_list("name", flat=True).first() or _("In-house collection")


def meta() -> dict:
    """How fresh the public data is (the CFPB's API says as much)."""
    last = PublicationRun.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()
    stale_after = dt.timedelta(days=settings.PUBLIC_STALE_AFTER_DAYS)
    return {
        "data_through": PublishedComplaint.objects.aggregate(day=Max("received_on"))["day"],
        "last_updated": last.finished_at if last else None,
        "total_published": PublishedComplaint.objects.count(),
        "is_stale": last is None or timezone.now() - last.finished_at > stale_after,
    }


def data_version() -> int:
    """Changes at every publication run: the key under which public answers are cached."""
    return PublicationRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
