
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.accounts.models import active_staff, chosen_staff
from supervision.accounts.permissions import regulator_required
from supervision.core.cache import cached
from supervision.core.months import parse_period
from supervision.core.provinces import Province
from supervision.core.querystrings import query_without
from supervision.core.versions import versions
from supervision.entities.choices import LenderType
from supervision.entities.models import Agency, Lender
from supervision.rules.models import RuleProfile, default_profile

from . import selectors, triage
from .definitions import table_groups
from .models import Alert, AlertState, MetricResult, RiskScore, Scope
from .tasks import metrics_for_profile_task

PAGE_ROWS = 50
TABLE_CACHE_SECONDS = 600


def _period_or_latest(request):
    """The month the query names, else the latest with results (None when there is none)."""
    try:
        return parse_period(request.GET["period"]) if request.GET.get("period") else selectors.latest_period()
    except ValidationError:
        return selectors.latest_period()


def _profile(value: str | None) -> RuleProfile | None:
    """The profile a query names by id, or None (the default profile)."""
    return RuleProfile.objects.filter(pk=value).first() if value and value.isdigit() else None


def _table_query(request, period) -> selectors.TableQuery:
    query = request.GET
    sort = query.get("sort", "-risk")
    return selectors.TableQuery(
        profile=_profile(query.get("profile")),
        period=period,
        scope=query.get("scope") if query.get("scope") in Scope.values else Scope.AGENCY,
        province=query.get("province", "") if query.get("province", "") in Province.values else "",
        lender_type=query.get("lender_type", "") if query.get("lender_type", "") in LenderType.values else "",
        sort=sort if sort.lstrip("-") in selectors.SORT_KEYS else "-risk",
    )


@login_required
def metric_results(request):
    """A month's metrics, one row per entity, grouped columns with rates and 12-month trends; sorted and paged in SQL."""
    period = _period_or_latest(request)
    if period is None:
        return render(request, "metrics/results.html", {"period": None})
    query = _table_query(request, period)
    # The table changes only when metrics are recomputed (new rows, new ids): build it once per data version,
    # reader's scope, language and query.
    version = versions(MetricResult, RiskScore, RuleProfile, Lender, Agency)
    reader = "regulator" if request.user.is_regulator else f"{request.user.lender_id}-{request.user.agency_id}"
    table = cached("metrics-table", version, reader, request.GET.urlencode(), seconds=TABLE_CACHE_SECONDS,
                   build=lambda: selectors.metric_table_page(user=request.user, query=query,
                                                             page=request.GET.get("page"), size=PAGE_ROWS))
    return render(request, "metrics/results.html", {
        "period": period, "query": query, "groups": table_groups(), "table": table,
        "params": query_without(request.GET, "page", "sort"),
        "scopes": Scope.choices, "lender_types": LenderType.choices, "provinces": Province.choices,
        "drill_down": query.scope == Scope.PAIR and request.user.is_regulator,
        "profiles": RuleProfile.objects.all(), "profile": query.profile or default_profile(),
    })


@login_required
def profile_comparison(request):
    """One entity's month under two rule profiles side by side ("what would Reg F say about this agency?")."""
    period = _period_or_latest(request)
    profiles = list(RuleProfile.objects.all())
    first = _profile(request.GET.get("a")) or default_profile()
    second = _profile(request.GET.get("b")) or next((p for p in profiles if p.pk != first.pk), first)
    entities = selectors.comparable_entities(user=request.user, period=period) if period else []
    entity = request.GET.get("entity") if request.GET.get("entity") in dict(entities) else (
        entities[0][0] if entities else "")
    rows = selectors.profile_comparison(user=request.user, period=period, entity_key=entity,
                                        profiles=[first, second]) if entity else []
    missing = [profile for index, profile in enumerate([first, second])
               if rows and all(row["cells"][index]["value"] is None for row in rows)]
    return render(request, "metrics/compare.html", {
        "period": period, "profiles": profiles, "first": first, "second": second, "entities": entities,
        "entity": entity, "rows": rows, "missing": missing,
    })


@regulator_required
@require_POST
def profile_compute(request):
    """Compute a month under a profile (in the background), so that it can be compared with the default."""
    profile = _profile(request.POST.get("profile"))
    try:
        period = parse_period(request.POST.get("period", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("metrics:compare")
    if profile is None:
        raise Http404
    metrics_for_profile_task.delay(period.isoformat(), profile.pk)
    messages.success(request, _("The metrics of %(month)s are being computed under %(profile)s; this page shows them "
                                "once they are ready.") % {"month": f"{period:%Y-%m}", "profile": profile})
    return redirect(f"{reverse('metrics:compare')}?{request.POST.get('back', '')}")


@regulator_required
def contacts_behind(request, pk: int):
    result = get_object_or_404(MetricResult.objects.select_related("lender", "agency", "profile"), pk=pk)
    page = max(1, int(request.GET.get("page", "1") or 1)) if str(request.GET.get("page", "1")).isdigit() else 1
    columns, rows = selectors.contacts_behind(result=result, page=page)
    pages = Paginator(range(result.numerator or 0), selectors.PAGE_SIZE)  # None: not reported
    return render(request, "metrics/contacts_behind.html", {
        "result": result, "columns": columns, "rows": rows, "page": pages.get_page(page),
    })


ALERT_GROUPS_PER_PAGE = 25


def _alert_filters(request) -> triage.AlertFilters:
    query = request.GET
    try:
        period = parse_period(query["period"]) if query.get("period") else None
    except ValidationError:
        period = None
    return triage.AlertFilters(
        state=query.get("state", "open"), metric=query.get("metric", "")[:40],
        scope=query.get("scope", "") if query.get("scope", "") in (Scope.AGENCY, Scope.LENDER) else "",
        period=period, assigned_to=request.user.pk if query.get("mine") else None,
    )


@regulator_required
def alert_list(request):
    """Alerts to work: one row per entity and month, its breached metrics worst first; bulk triage."""
    filters = _alert_filters(request)
    page = Paginator(triage.alert_groups(filters), ALERT_GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    alerts = triage.alerts_of_groups(filters, list(page))
    groups = [{**group, "items": alerts.get((group["entity_key"], group["period"]), [])} for group in page]
    return render(request, "metrics/alerts.html", {
        "groups": groups, "page": page, "filters": filters, "params": query_without(request.GET, "page"),
        "states": AlertState.choices, "metrics": Alert.objects.order_by().values_list("metric", flat=True).distinct(),
        "staff": active_staff(),
    })


@regulator_required
@require_POST
def alert_bulk(request):
    """Acknowledge, dismiss (with a reason), assign or annotate the selected alerts, one event each."""
    ids = [int(value) for value in request.POST.getlist("alert") if value.isdigit()]
    assignee = chosen_staff(request.POST.get("assignee", ""), me=request.user)
    try:
        changed = triage.alerts_bulk(alerts=Alert.objects.filter(pk__in=ids), action=request.POST.get("action", ""),
                                     by=request.user, note=request.POST.get("note", "").strip(), assignee=assignee)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s alerts updated.") % {"count": changed})
    return redirect(f"{reverse('metrics:alerts')}?{request.POST.get('back', '')}")
