"""Searching the published complaints: filters that include or exclude, facet counts under the other filters,
trends, and what the data's freshness is. Everything reads the public tables only."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Case, Count, Exists, ExpressionWrapper, Max, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from supervision.core.cache import cached
from supervision.core.labels import label
from supervision.core.months import months_between
from supervision.core.versions import versions
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
                    target[facet] = tuple(sorted(set(values)))
        sort = params.get("sort", "-date_received")
        if sort not in ("date_received", "-date_received"):
            errors["sort"] = [_("Sort by date_received or -date_received.")]
            sort = "-date_received"
        return cls(params.get("search", "").strip()[:100], day("date_received_min"), day("date_received_max"),
                   include, exclude, sort), errors

    def key(self) -> str:
        """The query as read, the same for every URL that asks the same thing (values in any order, unknown
        parameters, empty ones)."""
        return repr(self)


def _condition(facet: str, values: tuple[str, ...]) -> Q:
    """Rows whose facet takes one of the values. Lenders and agencies by id (their codes looked up once), so
    no join is needed; categories by EXISTS, so excluding is an anti-join, not NOT IN over a large list."""
    if facet == "category":
        return Q(Exists(PublishedCategory.objects.filter(published=OuterRef("pk"), code__in=values)))
    if facet == "agency":
        named = Q(agency__in=Agency.objects.filter(code__in=[value for value in values if value != IN_HOUSE]))
        return named | Q(agency__isnull=True) if IN_HOUSE in values else named
    if facet == "lender":
        return Q(lender__in=Lender.objects.filter(code__in=values))
    if facet == "timely":
        return Q(timely__in=[value == "true" for value in values])
    if facet == "has_narrative":
        wanted = {value == "true" for value in values}
        return Q() if len(wanted) == 2 else (~Q(narrative="") if True in wanted else Q(narrative=""))
    return Q(**{f"{facet}__in": values})


def _passes(query: "PublicQuery", facet: str) -> Case:
    """Whether a row passes one facet's filters: excluded values fail, and when values are included, so do the
    rows that take none of them (NULLs included, as `.exclude()` would have it)."""
    include, exclude = query.include.get(facet), query.exclude.get(facet)
    whens = [When(_condition(facet, exclude), then=Value(False))] if exclude else []
    whens += [When(_condition(facet, include), then=Value(True))] if include else []
    return Case(*whens, default=Value(not include), output_field=BooleanField())


def _search(rows: QuerySet, text: str) -> QuerySet:
    if not text:
        return rows
    tokens = search_tokens(text)
    if connection.vendor == "postgresql" and tokens and all(len(token) > 1 for token in tokens.split()):
        return rows.filter(RawSQL("search_vector @@ phraseto_tsquery('simple', %s)",
                                  [tokens], output_field=BooleanField()))
    return rows.filter(narrative__icontains=text)  # SQLite, or a one-character word


def _searched(query: PublicQuery) -> QuerySet[PublishedComplaint]:
    """The rows the search words and the dates allow, before any facet filter."""
    rows = _search(PublishedComplaint.objects.all(), query.search)
    if query.date_min:
        rows = rows.filter(received_on__gte=query.date_min)
    if query.date_max:
        rows = rows.filter(received_on__lte=query.date_max)
    return rows


def matching(query: PublicQuery) -> QuerySet[PublishedComplaint]:
    rows = _searched(query)
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


def _value_label(facet: str, value, names: dict) -> str:
    if facet in ("lender", "agency"):
        return _("In-house collection") if value == IN_HOUSE else names.get((facet, value), value)
    if facet in ("timely", "has_narrative"):
        return _("Yes") if value == "true" else _("No")
    kind = {"category": "category", "province": "province", "channel": "complaint_channel",
            "response": "response_type"}[facet]
    return label(kind, value)


# The column each facet counts; every value comes back as text, so all facets are counted in one statement.
FACET_COLUMNS = {"lender": "lender_id", "agency": "agency_id", "province": "province", "channel": "channel",
                 "response": "response", "timely": "timely", "has_narrative": "has_narrative"}
TRUE_TEXTS, FALSE_TEXTS = ("true", "1"), ("false", "0")  # a boolean as text: PostgreSQL's, then SQLite's


@dataclass(frozen=True)
class Facets:
    total: int  # complaints matching every filter
    counts: dict[str, list[dict]]  # facet -> [{"value", "label", "count"}], most first


def _facet_rows(query: PublicQuery) -> list[tuple[str, str | None, int]]:
    """(facet, value as text, count) for every facet, and ("", None, total): one statement that reads the rows
    the search and the dates allow once, with a flag per filtered facet; each facet counts the rows passing
    every other facet's flag, which is what faceted search shows."""
    filtered = [facet for facet in FACETS if facet in query.include or facet in query.exclude]
    base = (_searched(query).order_by()
            .annotate(has_narrative=ExpressionWrapper(~Q(narrative=""), output_field=BooleanField()),
                      **{f"passes_{facet}": _passes(query, facet) for facet in filtered})
            .values("id", *FACET_COLUMNS.values(), *(f"passes_{facet}" for facet in filtered)))
    inner, params = base.query.sql_with_params()

    def passing(facet: str | None) -> str:
        return " AND ".join(f"passes_{other}" for other in filtered if other != facet) or "1 = 1"

    parts = [f"SELECT '{facet}', CAST({column} AS TEXT), COUNT(*) FROM base WHERE {passing(facet)} GROUP BY {column}"
             for facet, column in FACET_COLUMNS.items()]
    parts.append(f"SELECT 'category', c.code, COUNT(*) FROM base JOIN {PublishedCategory._meta.db_table} c "
                 f"ON c.published_id = base.id WHERE {passing('category')} GROUP BY c.code")
    parts.append(f"SELECT '', NULL, COUNT(*) FROM base WHERE {passing(None)}")
    with connection.cursor() as cursor:
        cursor.execute(f"WITH base AS ({inner}) " + " UNION ALL ".join(parts), params)  # noqa: S608 (our names)
        return cursor.fetchall()


def _facet_value(facet: str, text: str | None, codes: dict):
    """A counted value as the facet's filter names it; None when it names nothing one could filter by."""
    if facet in ("lender", "agency"):
        return codes.get((facet, int(text))) if text else (IN_HOUSE if facet == "agency" else None)
    if facet in ("timely", "has_narrative"):
        return "true" if text in TRUE_TEXTS else "false" if text in FALSE_TEXTS else None
    return text or None  # no province, no channel


def facets(query: PublicQuery) -> Facets:
    """How many complaints match, and for each facet how many take each value under all the other filters."""
    rows = _facet_rows(query)
    total = next(n for facet, _text, n in rows if facet == "")
    codes, names = {}, {}
    for facet, model in (("lender", Lender), ("agency", Agency)):
        ids = [int(text) for name, text, _n in rows if name == facet and text]
        for pk, code, name in model.objects.filter(pk__in=ids).values_list("pk", "code", "name"):
            codes[(facet, pk)], names[(facet, code)] = code, name
    counted: dict[str, list[tuple]] = {facet: [] for facet in FACETS}
    for facet, text, n in rows:
        value = _facet_value(facet, text, codes) if facet else None
        if value is not None and n:
            counted[facet].append((value, n))
    return Facets(total, {facet: [{"value": value, "label": _value_label(facet, value, names), "count": n}
                                  for value, n in sorted(pairs, key=lambda pair: (-pair[1], str(pair[0])))]
                          for facet, pairs in counted.items()})


TRUNC = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
STEPS = {"month": 1, "quarter": 3, "year": 12}
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
    periods_seen = sorted({period for period, _value in by})
    calendar = months_between(periods_seen[0], periods_seen[-1], STEPS[interval]) if periods_seen else []
    labels = _lens_labels(lens, leading)
    return {"interval": interval, "lens": lens, "periods": [_period_label(period, interval) for period in calendar],
            "series": [{"value": value, "label": labels[value],
                        "counts": [by.get((period, value), 0) for period in calendar]} for value in leading]}


def _period_label(period: dt.date, interval: str) -> str:
    return {"month": f"{period:%Y-%m}", "quarter": f"{period.year}Q{(period.month - 1) // 3 + 1}",
            "year": f"{period.year}"}[interval]


def _lens_labels(lens: str, values: list) -> dict:
    """Each series' words: the registry's label, or the entity's name (one query for all of them)."""
    if lens == "overview":
        return {None: _("Complaints")}
    if lens in ("category", "province"):
        return {value: label(lens, value) for value in values}
    names = dict((Lender if lens == "lender" else Agency).objects.filter(code__in=[value for value in values if value])
                 .values_list("code", "name"))
    return {value: names.get(value) or _("In-house collection") for value in values}


def meta() -> dict:
    """How fresh the public data is (the CFPB's API says as much). The counts change only with a publication
    run, so they are counted once per run rather than over the whole table at every request."""
    last = PublicationRun.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()
    stale_after = dt.timedelta(days=settings.PUBLIC_STALE_AFTER_DAYS)
    counted = cached("public-meta", data_version(), seconds=24 * 3600, build=lambda: PublishedComplaint.objects
                     .aggregate(data_through=Max("received_on"), total_published=Count("pk")))
    return counted | {"last_updated": last.finished_at if last else None,
                      "is_stale": last is None or timezone.now() - last.finished_at > stale_after}


def data_version() -> tuple:
    """Changes with every write to what public answers read (a publication run, a withheld narrative, an entity's
    name): the key under which they are cached. No query: the table versions are in the cache."""
    return versions(PublishedComplaint, PublishedCategory, PublicationRun, Lender, Agency)
