from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from supervision.accounts.permissions import regulator_required
from supervision.core.months import parse_period
from supervision.core.provinces import Province
from supervision.entities.choices import LenderType

from . import selectors
from .definitions import RATE_METRICS, Metric, table_groups
from .models import Alert, MetricResult, Scope, default_profile

PAGE_ROWS = 50


def _table_query(request, period) -> selectors.TableQuery:
    query = request.GET
    sort = query.get("sort", "-risk")
    return selectors.TableQuery(
        period=period,
        scope=query.get("scope") if query.get("scope") in Scope.values else Scope.AGENCY,
        province=query.get("province", "") if query.get("province", "") in Province.values else "",
        lender_type=query.get("lender_type", "") if query.get("lender_type", "") in LenderType.values else "",
        sort=sort if sort.lstrip("-") in selectors.SORT_KEYS else "-risk",
    )


@login_required
def metric_results(request):
    """A month's metrics, one row per entity, grouped columns with rates and 12-month trends; sorted and paged in SQL."""
    try:
        period = parse_period(request.GET["period"]) if request.GET.get("period") else selectors.latest_period()
    except ValidationError:
        period = selectors.latest_period()
    if period is None:
        return render(request, "metrics/results.html", {"period": None})
    query = _table_query(request, period)
    page = Paginator(selectors.metric_table(user=request.user, query=query), PAGE_ROWS).get_page(request.GET.get("page"))
    groups = table_groups()
    shown = [metric.code for _group, metrics in groups for metric in metrics]
    trends = selectors.metric_histories(entity_keys=[row["entity_key"] for row in page], metrics=shown, last=period)
    thresholds = default_profile().metric_alert_rates
    rows = [{**row, "cells": [_cell(row, metric, trends[row["entity_key"]][metric.code], thresholds)
                              for _group, metrics in groups for metric in metrics]} for row in page]
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("sort", None)
    return render(request, "metrics/results.html", {
        "period": period, "query": query, "groups": groups, "rows": rows, "page": page, "params": params.urlencode(),
        "scopes": Scope.choices, "lender_types": LenderType.choices, "provinces": Province.choices,
    })


def _cell(row: dict, metric: Metric, trend: list[float], thresholds: dict) -> dict:
    """What a cell shows: the rate (or value), the count behind it, how it stands against its threshold."""
    rate = row.get(f"rate__{metric.code}") if metric.code in RATE_METRICS else row.get(f"value__{metric.code}")
    threshold = thresholds.get(metric.code)
    level = ""
    if threshold and rate is not None:
        level = "over" if rate >= threshold else "near" if rate >= threshold / 2 else ""
    return {"metric": metric, "value": rate, "count": row.get(f"count__{metric.code}"), "trend": trend,
            "result_id": row.get(f"id__{metric.code}"),
            "threshold": threshold, "level": level}


@regulator_required
def contacts_behind(request, pk: int):
    result = get_object_or_404(MetricResult.objects.select_related("lender", "agency", "profile"), pk=pk)
    page = max(1, int(request.GET.get("page", "1") or 1)) if str(request.GET.get("page", "1")).isdigit() else 1
    columns, rows = selectors.contacts_behind(result=result, page=page)
    pages = Paginator(range(int(result.numerator)), selectors.PAGE_SIZE)
    return render(request, "metrics/contacts_behind.html", {
        "result": result, "columns": columns, "rows": rows, "page": pages.get_page(page),
    })


@regulator_required
def alert_list(request):
    alerts = Alert.objects.select_related("agency", "lender").order_by("-period", "kind", "-value")[:500]
    return render(request, "metrics/alerts.html", {"alerts": alerts})
