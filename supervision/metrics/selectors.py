"""Reading stored metric results."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, FloatField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce, NullIf

from supervision.core.months import month_start, months_between

from .definitions import METRICS, RATE_METRICS
from .models import MetricResult, RiskScore, RuleProfile, Scope, default_profile


def results_for(*, user, period: dt.date | None = None, entity: str | None = None, metric: str | None = None,
                profile: RuleProfile | None = None) -> QuerySet[MetricResult]:
    """The results a user may see, newest month first, under the default profile unless one is named."""
    results = MetricResult.objects.visible_to(user).filter(profile=profile or default_profile())
    if period:
        results = results.filter(period=period)
    if entity:
        results = results.filter(entity_key__in=[f"agency:{entity}", f"lender:{entity}"]) | results.filter(
            scope=Scope.PAIR, collector_code=entity) | results.filter(scope=Scope.PAIR, lender__code=entity)
    if metric:
        results = results.filter(metric=metric)
    return results.select_related("agency", "lender", "profile").order_by("-period", "entity_key", "metric")


def pair_results(*, period: dt.date, profile: RuleProfile | None = None) -> list[tuple]:
    """(collector, lender, metric, value) rows of a month, in a stable order."""
    return list(
        MetricResult.objects.filter(period=period, profile=profile or default_profile(), scope=Scope.PAIR)
        .order_by("collector_code", "lender__code", "metric")
        .values_list("collector_code", "lender__code", "metric", "value")
    )


PAGE_SIZE = 50


def contacts_behind(*, result: MetricResult, page: int = 1) -> tuple[list[str], list[tuple]]:
    """The contacts (or debtor-days, or debtors) a pair result counts: one page, pseudonymous ids only.

    Reads the one accepted report of that collector and month (plus the month's small daily
    summaries for the lender-wide limit), so it answers in well under a second.
    """
    from supervision.reporting import storage

    from . import compute
    from .sources import accepted_reports, daily_connected_path, duckdb_settings, limits_of, mandates_in, report_files

    if result.scope != Scope.PAIR or result.metric not in compute.RULES and result.metric not in compute.DEBTOR_QUERIES:
        return [], []
    reports = list(accepted_reports(result.period))
    mine = [report for report in reports if report.submitter.code == result.collector_code]
    con = compute.connect(report_files(mine), mandates_in(result.period), period=result.period, **duckdb_settings())
    try:
        compute.prepare_daily(con)
        compute.combine_daily_connected(
            con, [path for path in (storage.absolute(daily_connected_path(report)) for report in reports) if path.exists()]
        )
        return compute.contacts_behind(
            con, result.metric, limits_of(result.profile), result.period, collector=result.collector_code,
            lender=result.lender.code if result.lender else "", offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
        )
    finally:
        con.close()


def latest_period():
    return MetricResult.objects.order_by("-period").values_list("period", flat=True).first()


@dataclass(frozen=True)
class TableQuery:
    """What the metrics page shows: one month, one kind of entity, filtered, sorted and paged in SQL."""

    period: dt.date
    scope: str = Scope.AGENCY
    province: str = ""
    lender_type: str = ""
    sort: str = "-risk"  # a metric code, "name" or "risk"; "-" first for descending
    profile: RuleProfile | None = None

    @property
    def sort_key(self) -> str:
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")


SORT_KEYS = {"name", "risk", *METRICS}


def _shown(metric: str) -> str:
    """The column a metric sorts and colours by: its rate per 1,000 contacts, or its own value."""
    return f"rate__{metric}" if metric in RATE_METRICS else f"value__{metric}"


def metric_table(*, user, query: TableQuery) -> QuerySet:
    """One row per entity with every metric's value (and rate per 1,000 contacts) of the month, as columns.

    The pivot, rates, risk score and order are one SQL query, so a page of 250 entities costs the same as 25.
    """
    profile = query.profile or default_profile()
    results = MetricResult.objects.visible_to(user).filter(period=query.period, profile=profile, scope=query.scope)
    if query.province:
        results = results.filter(Q(agency__province=query.province) | Q(agency__isnull=True,
                                                                         lender__province=query.province))
    if query.lender_type:
        results = results.filter(lender__type=query.lender_type)
    values = {f"value__{code}": Max("value", filter=Q(metric=code)) for code in METRICS}
    counts = {f"count__{code}": Max("numerator", filter=Q(metric=code)) for code in RATE_METRICS}
    ids = {f"id__{code}": Max("pk", filter=Q(metric=code)) for code in RATE_METRICS}  # the drill-down's address
    rows = results.values("entity_key").annotate(
        name=Coalesce(Max("agency__name"), Max("lender__name"), Max("collector_code")),
        agency_code=Max("agency__code"), lender_code=Max("lender__code"), collector_code=Max("collector_code"),
        complaints_computed_at=Max("computed_at", filter=Q(metric__in=("complaints_per_10k_accounts",
                                                                       "timely_response_rate"))),
        computed_at=Max("computed_at"),
        risk=Subquery(RiskScore.objects.filter(entity_key=OuterRef("entity_key"), period=query.period, profile=profile)
                      .values("score")[:1]),
        **values, **counts, **ids,
    )
    rows = rows.annotate(**{
        f"rate__{code}": Cast(F(f"count__{code}"), FloatField()) * 1000.0 / NullIf(F("value__contacts"), 0.0)
        for code in RATE_METRICS
    })
    column = {"name": "name", "risk": "risk"}.get(query.sort_key) or _shown(query.sort_key)
    order = F(column).desc(nulls_last=True) if query.descending else F(column).asc(nulls_last=True)
    return rows.order_by(order, "entity_key")


def metric_histories(*, entity_keys: list[str], metrics: list[str], last: dt.date, months: int = 12,
                     profile: RuleProfile | None = None) -> dict[str, dict[str, list[float]]]:
    """{entity: {metric: values}} over the `months` months to `last`, zero-filled: rates per 1,000
    contacts for the conduct counts, the stored value for the others."""
    first = month_start(last, -(months - 1))
    rows = (MetricResult.objects.filter(entity_key__in=entity_keys, period__gte=first, period__lte=last,
                                        profile=profile or default_profile(), metric__in=[*metrics, "contacts"])
            .values_list("entity_key", "period", "metric", "numerator", "value"))
    found = defaultdict(dict)
    for key, period, name, numerator, value in rows:
        found[(key, period)][name] = (numerator, value)
    calendar = months_between(first, last)

    def point(month: dict, metric: str) -> float:
        if metric not in RATE_METRICS:
            return round(month.get(metric, (0, 0.0))[1], 4)
        contacts = month.get("contacts", (0, 0))[0]
        return round(month.get(metric, (0, 0))[0] * 1000 / contacts, 2) if contacts else 0.0

    return {key: {metric: [point(found.get((key, period), {}), metric) for period in calendar] for metric in metrics}
            for key in entity_keys}
