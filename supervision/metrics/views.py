from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from supervision.accounts.permissions import regulator_required
from supervision.reporting.forms import parse_period

from . import selectors
from .models import Alert, MetricResult, RiskScore, Scope


@login_required
def metric_results(request):
    """A month's results, per agency and lender or per pair, each value opening what it counts."""
    try:
        period = parse_period(request.GET["period"]) if request.GET.get("period") else selectors.latest_period()
    except Exception:
        period = selectors.latest_period()
    scope = request.GET.get("scope") if request.GET.get("scope") in Scope.values else Scope.AGENCY
    results = selectors.results_for(user=request.user, period=period).filter(scope=scope) if period else []
    table = {}
    for result in results:
        table.setdefault(result.entity_key, {"result": result, "values": {}})["values"][result.metric] = result
    metrics = sorted({result.metric for result in results}) if period else []
    scores = dict(RiskScore.objects.visible_to(request.user).filter(period=period).values_list("entity_key", "score")) \
        if period else {}
    return render(request, "metrics/results.html", {
        "period": period, "scope": scope, "metrics": metrics, "scores": scores,
        "rows": [(key, row["result"], [row["values"].get(metric) for metric in metrics]) for key, row in
                 sorted(table.items())],
    })


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
