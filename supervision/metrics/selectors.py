"""Reading stored metric results."""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import F, FloatField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce, NullIf

from supervision.core.months import month_start, months_between
from supervision.rules.models import RuleProfile, default_profile

from .compute import VERSION_2_METRICS
from .definitions import METRICS, RATE_METRICS, Metric, not_reported_reason, table_groups
from .models import MetricResult, RiskScore, Scope


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
            con, [storage.location(path) for path in map(daily_connected_path, reports) if storage.exists(path)]
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


def _table_results(*, user, query: TableQuery) -> QuerySet:
    results = MetricResult.objects.visible_to(user).filter(period=query.period, profile=query.profile or default_profile(),
                                                           scope=query.scope)
    if query.province:
        results = results.filter(Q(agency__province=query.province) | Q(agency__isnull=True,
                                                                         lender__province=query.province))
    if query.lender_type:
        results = results.filter(lender__type=query.lender_type)
    return results


def metric_table_count(*, user, query: TableQuery) -> int:
    """How many rows metric_table has, without building them."""
    return _table_results(user=user, query=query).values("entity_key").distinct().count()


def metric_table(*, user, query: TableQuery) -> QuerySet:
    """One row per entity with every metric's value (and rate per 1,000 contacts) of the month, as columns.

    The pivot, rates, risk score and order are one SQL query, so a page of 250 entities costs the same as 25.
    """
    profile = query.profile or default_profile()
    results = _table_results(user=user, query=query)
    values = {f"value__{code}": Max("value", filter=Q(metric=code)) for code in METRICS}
    counts = {f"count__{code}": Max("numerator", filter=Q(metric=code)) for code in RATE_METRICS}
    ids = {f"id__{code}": Max("pk", filter=Q(metric=code)) for code in RATE_METRICS}  # the drill-down's address
    rows = results.values("entity_key").annotate(
        name=Coalesce(Max("agency__name"), Max("lender__name"), Max("collector_code")),
        agency_code=Max("agency__code"), lender_code=Max("lender__code"), collector_code=Max("collector_code"),
        complaints_computed_at=Max("computed_at", filter=Q(metric__in=("complaints_per_10k_accounts",
                                                                       "timely_response_rate"))),
        computed_at=Max("computed_at"),
        **values, **counts, **ids,
    )
    # After the grouping, so the score is looked up once per entity, not once per metric row.
    rows = rows.annotate(risk=Subquery(RiskScore.objects.filter(entity_key=OuterRef("entity_key"), period=query.period,
                                                                profile=profile).values("score")[:1]), **{
        f"rate__{code}": Cast(F(f"count__{code}"), FloatField()) * 1000.0 / NullIf(F("value__contacts"), 0.0)
        for code in RATE_METRICS
    })
    column = {"name": "name", "risk": "risk"}.get(query.sort_key) or _shown(query.sort_key)
    order = F(column).desc(nulls_last=True) if query.descending else F(column).asc(nulls_last=True)
    return rows.order_by(order, "entity_key")


def metric_table_page(*, user, query: TableQuery, page, size: int) -> dict:
    """One page of the metrics table, ready to show: each row's cells with rate, count, trend and threshold level.

    Plain data (no querysets), so the page can be cached whole.
    """
    paginator = Paginator(metric_table(user=user, query=query), size)
    paginator.count = metric_table_count(user=user, query=query)  # a count of entities, not of the pivot
    current = paginator.get_page(page)
    shown = [metric for _group, metrics in table_groups() for metric in metrics]
    trends = metric_histories(entity_keys=[row["entity_key"] for row in current],
                              metrics=[metric.code for metric in shown], last=query.period, profile=query.profile)
    profile = query.profile or default_profile()
    thresholds = profile.metric_alert_rates
    rows = [{**row, "cells": [_cell(row, metric, trends[row["entity_key"]][metric.code], thresholds.get(metric.code),
                                    profile) for metric in shown]} for row in current]
    return {"rows": rows, "number": current.number, "num_pages": paginator.num_pages, "count": paginator.count,
            "previous": current.previous_page_number() if current.has_previous() else None,
            "next": current.next_page_number() if current.has_next() else None}


def _cell(row: dict, metric: Metric, trend: list[float], threshold: float | None, profile: RuleProfile) -> dict:
    """What a cell shows: the rate (or value), the count behind it, how it stands against its threshold, and why
    a version 2 metric has no value."""
    value = row.get(_shown(metric.code))
    level = ""
    if threshold and value is not None:
        level = "over" if value >= threshold else "near" if value >= threshold / 2 else ""
    why = str(not_reported_reason(metric.code, profile)) if value is None and metric.code in VERSION_2_METRICS else ""
    return {"metric": metric, "value": value, "count": row.get(f"count__{metric.code}"), "trend": trend,
            "result_id": row.get(f"id__{metric.code}"), "threshold": threshold, "level": level, "why": why}


def comparable_entities(*, user, period: dt.date) -> list[tuple[str, str]]:
    """(entity key, name) of the agencies and lenders with results in the month that the user may see."""
    rows = (MetricResult.objects.visible_to(user).filter(period=period, scope__in=[Scope.AGENCY, Scope.LENDER],
                                                         metric="contacts")
            .values_list("entity_key", "agency__name", "lender__name").distinct().order_by("entity_key"))
    return [(key, f"{agency or lender} ({key.split(':', 1)[1]})") for key, agency, lender in rows]


def profile_comparison(*, user, period: dt.date, entity_key: str, profiles: list[RuleProfile]) -> list[dict]:
    """One entity's month under several rule profiles, metric by metric: the rate per 1,000 contacts (or the
    value) and the count under each, or why a profile has none."""
    found = {(profile_id, metric): (numerator, denominator, value) for profile_id, metric, numerator, denominator, value
             in MetricResult.objects.visible_to(user).filter(period=period, entity_key=entity_key, profile__in=profiles)
             .values_list("profile_id", "metric", "numerator", "denominator", "value")}
    computed = {profile_id for profile_id, _metric in found}
    rows = []
    for metric in METRICS.values():
        cells = []
        for profile in profiles:
            numerator, denominator, value = found.get((profile.pk, metric.code), (None, None, None))
            if metric.code in RATE_METRICS and numerator is not None:
                value = round(numerator * 1000 / denominator, 2) if denominator else 0.0
            why = "" if value is not None or profile.pk not in computed else not_reported_reason(metric.code, profile)
            cells.append({"value": value, "count": numerator if metric.code in RATE_METRICS else None, "why": why})
        shown = {cell["value"] for cell in cells}
        rows.append({"metric": metric, "cells": cells, "differs": len(shown) > 1})
    return rows


def metric_histories(*, entity_keys: list[str], metrics: list[str], last: dt.date, months: int = 12,
                     profile: RuleProfile | None = None) -> dict[str, dict[str, list[float]]]:
    """{entity: {metric: values}} over the `months` months to `last`, zero-filled: rates per 1,000
    contacts for the conduct counts, the stored value for the others; None where not reported."""
    first = month_start(last, -(months - 1))
    slot = {period: index for index, period in enumerate(months_between(first, last))}
    values = {key: {metric: [0.0] * months for metric in metrics} for key in entity_keys}
    contacts = {key: [0] * months for key in entity_keys}
    rows = (MetricResult.objects.filter(entity_key__in=entity_keys, period__gte=first, period__lte=last,
                                        profile=profile or default_profile(), metric__in=[*metrics, "contacts"])
            .values_list("entity_key", "period", "metric", "numerator", "value"))
    for key, period, metric, numerator, value in rows:
        if metric == "contacts":
            contacts[key][slot[period]] = numerator
        if metric in RATE_METRICS:
            values[key][metric][slot[period]] = numerator  # made a rate below, once the month's contacts are known
        elif metric in values[key]:
            values[key][metric][slot[period]] = None if value is None else round(value, 4)
    for key, series in values.items():
        for metric in RATE_METRICS:
            if metric in series:
                series[metric] = [None if count is None else round(count * 1000 / total, 2) if total else 0.0
                                  for count, total in zip(series[metric], contacts[key], strict=True)]
    return values
