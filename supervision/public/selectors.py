"""Searching the published complaints: filters that include or exclude, facet counts under the other filters,
trends, and what the data's freshness is. Searches, counts and trends are answered by the in-memory index of
the public tables (`index`); the complaints shown are then read by their ids."""

import datetime as dt
import threading
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db.models import Count, Max
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from supervision.core.cache import cached
from supervision.core.labels import label
from supervision.core.months import months_between
from supervision.core.versions import versions
from supervision.entities.models import Agency, Lender

from . import index
from .index import FACETS, IN_HOUSE, PublicIndex
from .models import PublicationRun, PublishedCategory, PublishedComplaint

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


@dataclass(frozen=True)
class Selection:
    """A query's rows in the index: those its search and dates allow, and which of them pass each facet's filters."""

    index: PublicIndex
    rows: np.ndarray  # in date order
    passing: dict[str, np.ndarray]  # facet -> whether each row passes its filters

    def matching(self, *, but: str | None = None):
        """The rows passing every facet's filters, but one's (a facet is counted under the others only)."""
        keep = None
        for facet, passes in self.passing.items():
            if facet != but:
                keep = passes if keep is None else keep & passes
        return self.rows if keep is None else self.rows[keep]


_recent: dict[tuple, Selection] = {}  # a page asks for the facets, the results and the trend of one query
_recent_lock = threading.Lock()
RECENT = 4


def _select(query: PublicQuery) -> Selection:
    found = index.current(data_version())
    key = (found.version, query.key())
    with _recent_lock:
        if key in _recent:
            return _recent[key]
    rows = found.rows(query.search, query.date_min, query.date_max)
    selection = Selection(found, rows, {facet: found.passes(rows, facet, query.include.get(facet),
                                                            query.exclude.get(facet))
                                        for facet in FACETS if facet in query.include or facet in query.exclude})
    with _recent_lock:
        while len(_recent) >= RECENT:
            del _recent[next(iter(_recent))]
        _recent[key] = selection
    return selection


def matching_ids(query: PublicQuery, *, limit: int | None = None, offset: int = 0) -> list[int]:
    """The public ids of the complaints the query finds, in its order (newest first, or oldest)."""
    selection = _select(query)
    rows = selection.matching()
    ordered = rows[::-1] if query.sort.startswith("-") else rows
    return selection.index.ids(ordered[offset:None if limit is None else offset + limit])


def results(query: PublicQuery, *, page: int, size: int) -> list[PublishedComplaint]:
    ids = matching_ids(query, limit=size, offset=(page - 1) * size)
    rows = PublishedComplaint.objects.select_related("lender", "agency").prefetch_related("categories").in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def _value_label(facet: str, value, names: dict) -> str:
    if facet in ("lender", "agency"):
        return _("In-house collection") if value == IN_HOUSE else names.get((facet, value), value)
    if facet in ("timely", "has_narrative"):
        return _("Yes") if value == "true" else _("No")
    kind = {"category": "category", "province": "province", "channel": "complaint_channel",
            "response": "response_type"}[facet]
    return label(kind, value)


@dataclass(frozen=True)
class Facets:
    total: int  # complaints matching every filter
    counts: dict[str, list[dict]]  # facet -> [{"value", "label", "count"}], most first


def facets(query: PublicQuery) -> Facets:
    """How many complaints match, and for each facet how many take each value under all the other filters."""
    selection = _select(query)
    counted = {facet: selection.index.counts(selection.matching(but=facet), facet) for facet in FACETS}
    names = _entity_names({facet: [value for value, _n in counted[facet]] for facet in ("lender", "agency")})
    return Facets(len(selection.matching()), {
        facet: [{"value": value, "label": _value_label(facet, value, names), "count": n}
                for value, n in sorted(pairs, key=lambda pair: (-pair[1], pair[0]))]
        for facet, pairs in counted.items()})


def _entity_names(codes: dict[str, list[str]]) -> dict[tuple[str, str], str]:
    """(facet, code) -> name for the lenders' and agencies' codes given: a query per kind."""
    names = {}
    for facet, model in (("lender", Lender), ("agency", Agency)):
        if codes.get(facet):
            names |= {(facet, code): name for code, name in
                      model.objects.filter(code__in=codes[facet]).values_list("code", "name")}
    return names


STEPS = {"month": 1, "quarter": 3, "year": 12}
LENSES = ("overview", "category", "lender", "agency", "province")


def trends(query: PublicQuery, *, lens: str, interval: str, top: int = 5) -> dict:
    """Complaints per month, quarter or year under the filters, zero-filled; by lens, the `top` values."""
    selection = _select(query)
    counts = selection.index.periods(selection.matching(), None if lens == "overview" else lens, STEPS[interval])
    totals: dict = {}
    for _period, value, n in counts:
        totals[value] = totals.get(value, 0) + n
    leading = sorted(totals, key=lambda value: (-totals[value], value or ""))[:top] if lens != "overview" else [None]
    by = {(period, value): n for period, value, n in counts}
    periods_seen = sorted({period for period, _value, _n in counts})
    calendar = months_between(periods_seen[0], periods_seen[-1], STEPS[interval]) if periods_seen else []
    labels = _lens_labels(lens, leading)
    return {"interval": interval, "lens": lens, "periods": [_period_label(period, interval) for period in calendar],
            "series": [{"value": value, "label": labels[value],
                        "counts": [by.get((period, value), 0) for period in calendar]} for value in leading]}


def _period_label(period: dt.date, interval: str) -> str:
    return {"month": f"{period:%Y-%m}", "quarter": f"{period.year}Q{(period.month - 1) // 3 + 1}",
            "year": f"{period.year}"}[interval]


def _lens_labels(lens: str, values: list) -> dict:
    """Each series' words: the facet value's label, or the entity's name (one query for all of them)."""
    if lens == "overview":
        return {None: _("Complaints")}
    names = _entity_names({lens: values})
    return {value: _value_label(lens, value, names) for value in values}


def meta() -> dict:
    """How fresh the public data is (the CFPB's API says as much). The counts change only with a publication
    run, so they are counted once per run rather than over the whole table at every request."""

    def count() -> dict:
        last = PublicationRun.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()
        return PublishedComplaint.objects.aggregate(data_through=Max("received_on"), total_published=Count("pk")) | {
            "last_updated": last.finished_at if last else None}

    counted = cached("public-meta", data_version(), seconds=24 * 3600, build=count)
    stale_after = dt.timedelta(days=settings.PUBLIC_STALE_AFTER_DAYS)
    return counted | {"is_stale": counted["last_updated"] is None
                      or timezone.now() - counted["last_updated"] > stale_after}


def data_version() -> tuple:
    """Changes with every write to what public answers read (a publication run, a withheld narrative, an entity's
    name): the key under which they are cached. No query: the table versions are in the cache."""
    return versions(PublishedComplaint, PublishedCategory, PublicationRun, Lender, Agency)
