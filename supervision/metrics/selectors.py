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
