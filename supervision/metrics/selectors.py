"""Reading stored metric results."""

import datetime as dt

from django.db.models import QuerySet

from .models import MetricResult, RuleProfile, Scope, default_profile


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
