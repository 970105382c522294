from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.choices import Category
from complaints.models import Complaint
from supervision.accounts.permissions import regulator_required
from supervision.core.cache import cached, cached_page
from supervision.core.exports import csv_response
from supervision.core.labels import label
from supervision.core.querystrings import query_without
from supervision.core.versions import versions
from supervision.enforcement.models import ActionEvent, EnforcementAction, Milestone
from supervision.entities.choices import LenderType
from supervision.entities.models import Agency, Lender, Mandate
from supervision.inspections.models import Finding, Inspection, InspectionEvent
from supervision.inspections.selectors import visible_inspections
from supervision.metrics.models import Alert, ContactHourCount, MetricResult
from supervision.reporting.models import Report
from supervision.rules.models import RuleProfile

from . import charts, selectors
from .models import ComplaintMonthCount
from .selectors import Filters
from .timeline import TimelineKind, entity_timeline

CACHE_SECONDS = 600


@dataclass
class Chart:
    """A figure with the table it draws: shown as the chart's text alternative and downloadable as CSV."""

    name: str
    html: str
    header: list[str]
    rows: list[list]
    labelled: dict[str, str] = field(default_factory=dict)  # columns of codes: {column: registry kind}

    @property
    def table_header(self) -> list[str]:
        return [str(COLUMN_TITLES.get(column, column)) for column in self.header]

    @property
    def table_rows(self) -> list[list]:
        """The rows as a person reads them: codes replaced by their labels."""
        coded = [(index, self.labelled[column]) for index, column in enumerate(self.header) if column in self.labelled]
        rows = [list(row) for row in self.rows]
        for row in rows:
            for index, kind in coded:
                row[index] = label(kind, row[index])
        return rows


# The CSV keeps these machine-readable column names; the table on the page shows their titles.
COLUMN_TITLES = {
    "month": gettext_lazy("Month"), "category": gettext_lazy("Category"), "complaints": gettext_lazy("Complaints"),
    "code": gettext_lazy("Code"), "name": gettext_lazy("Name"), "accounts": gettext_lazy("Accounts"),
    "per_10k_accounts": gettext_lazy("per 10,000 accounts"), "agency": gettext_lazy("Agency"),
    "weekday": gettext_lazy("Weekday"), "province": gettext_lazy("Province"), "own": gettext_lazy("This entity"),
    "peer_median": gettext_lazy("Peer median"), "threshold": gettext_lazy("Threshold"),
}


def _overview_charts(filters: Filters) -> list[Chart]:
    by_month = selectors.complaints_by_month_and_category(filters)
    lenders = selectors.ranking(filters, kind="lender")
    agencies = selectors.ranking(filters, kind="agency")
    heat = selectors.metric_heatmap(filters)
    hours = selectors.contacts_by_hour(filters)
    provinces = selectors.complaints_by_province(filters)
    rank_header = ["code", "name", "complaints", "accounts", "per_10k_accounts"]
    months = [month.strftime("%Y-%m") for month in filters.calendar]

    def rank_rows(rows):
        return [[row[key] for key in rank_header] for row in rows]

    def ranked(name, rows, value, title, axis):
        return Chart(name, charts.embed(charts.ranking(rows, value=value, title=title, axis=axis), f"chart-{name}"),
                     rank_header, rank_rows(rows))

    return [
        Chart("complaints-by-month", charts.embed(charts.complaints_by_month(by_month, months),
                                                  "chart-complaints-by-month"),
              ["month", "category", "complaints"], [[r["month"], r["category"], r["complaints"]] for r in by_month],
              {"category": "category"}),
        ranked("lenders-by-complaints", lenders["by_complaints"], "complaints", _("Lenders: most complaints"),
               _("Complaints")),
        ranked("lenders-by-rate", lenders["by_rate"], "per_10k_accounts",
               _("Lenders: complaints per 10,000 accounts"), _("per 10,000 accounts")),
        ranked("agencies-by-complaints", agencies["by_complaints"], "complaints", _("Agencies: most complaints"),
               _("Complaints")),
        ranked("agencies-by-rate", agencies["by_rate"], "per_10k_accounts",
               _("Agencies: complaints per 10,000 accounts"), _("per 10,000 accounts")),
        Chart("metric-heatmap", charts.embed(charts.metric_heatmap(heat), "chart-metric-heatmap"),
              ["agency", *[label("metric", metric) for metric in heat["metrics"]]],
              [[code, *rates] for code, rates in zip(heat["codes"], heat["rates"], strict=True)]),
        Chart("contacts-by-hour", charts.embed(charts.contacts_by_hour(hours), "chart-contacts-by-hour"),
              ["weekday", *[str(hour) for hour in range(24)]],
              [[_(day), *counts] for day, counts in zip(charts.WEEKDAYS, hours["matrix"], strict=True)]),
        Chart("complaints-by-province", charts.embed(charts.complaints_by_province(provinces),
                                                     "chart-complaints-by-province"),
              ["province", "complaints"], [[row["region"], row["complaints"]] for row in provinces],
              {"province": "province"}),
    ]


# The tables each page reads: a write to any of them makes the page's cached content obsolete.
OVERVIEW_READS = (ComplaintMonthCount, MetricResult, ContactHourCount, Alert, Inspection, EnforcementAction, RuleProfile,
                  Lender, Agency)
ENTITY_READS = (*OVERVIEW_READS, Mandate, Report, InspectionEvent, Finding, ActionEvent, Milestone, Complaint)


def _cached(request, page: str, reads: tuple, build):
    """Built once per page, filters, language and versions of the tables the page reads, for everyone who may
    see it (the viewer's name and CSRF token stay outside, in the layout rendered per request)."""
    return cached("dashboard", page, versions(*reads), query_without(request.GET, "download"), build=build,
                  seconds=CACHE_SECONDS)


def _download(request, chart_list: list[Chart]):
    name = request.GET["download"]
    for chart in chart_list:
        if chart.name == name:
            return csv_response(f"{name}.csv", chart.header, chart.rows, labelled=chart.labelled)
    raise Http404


@regulator_required
def overview(request):
    """Supervisors' overview: headline figures, rankings, heatmaps, each with its table and CSV."""
    if "download" in request.GET:
        return _download(request, _cached(request, "overview-charts", OVERVIEW_READS,
                                          lambda: _overview_charts(Filters.from_query(request.GET))))

    def render_content() -> str:
        filters = Filters.from_query(request.GET)
        return render_to_string("dashboard/overview_content.html", {
            "filters": filters, "headline": [*selectors.headline(filters), selectors.new_alerts(filters)],
            "charts": _overview_charts(filters), "categories": Category.choices, "profiles": RuleProfile.objects.all(),
            "lender_types": LenderType.choices, "query": query_without(request.GET, "download"),
        })

    return cached_page(request, *versions(*OVERVIEW_READS), seconds=CACHE_SECONDS, build=lambda: render(
        request, "dashboard/overview.html", {"content": _cached(request, "overview", OVERVIEW_READS, render_content)}))


@login_required
def entity_page(request, kind: str, code: str):
    """One lender's or agency's page; its own users see it with peers only as an anonymous median."""
    model = {"lender": Lender, "agency": Agency}.get(kind)
    if model is None:
        raise Http404

    def visible_entity():
        entity = model.objects.visible_to(request.user).filter(code=code).first()
        if entity is None:
            raise Http404
        return entity

    metric = request.GET.get("metric") if request.GET.get("metric") in selectors.RATE_METRICS else "quiet_hours_contacts"

    def build_charts(filters: Filters) -> list[Chart]:
        months = selectors.entity_complaints_by_month(filters, kind=kind, code=code)
        peers = selectors.entity_metric_against_peers(filters, kind=kind, code=code, metric=metric)
        return [
            Chart("complaints", charts.embed(charts.entity_complaints(months), "chart-entity-complaints"),
                  ["month", "complaints"], [[row["month"], row["complaints"]] for row in months]),
            Chart("metric-vs-peers", charts.embed(charts.entity_against_peers(peers, metric), "chart-entity-peers"),
                  ["month", "own", "peer_median", "threshold"],
                  [[row["month"], row["own"], row["peer_median"], row["threshold"]] for row in peers]),
        ]

    if "download" in request.GET:
        visible_entity()
        return _download(request, _cached(request, f"{kind}:{code}:charts", ENTITY_READS,
                                          lambda: build_charts(Filters.from_query(request.GET))))
    user = request.user

    def render_content(entity) -> str:
        filters = Filters.from_query(request.GET)
        return render_to_string("dashboard/entity_content.html", {
            "entity": entity, "kind": kind, "filters": filters, "charts": build_charts(filters), "metric": metric,
            "metrics": selectors.RATE_METRICS, "counterparts": selectors.counterpart_shares(filters, kind=kind, code=code),
            "reports": Report.objects.visible_to(user).filter(**{kind: entity})[:24],
            "alerts": Alert.objects.visible_to(user).filter(**{kind: entity})[:50],
            "inspections": visible_inspections(user).filter(**{kind: entity})[:50],
            "actions": EnforcementAction.objects.visible_to(user).filter(**{kind: entity})[:50],
            "query": query_without(request.GET, "download"),
            "timeline": entity_timeline(entity=entity, user=user, kinds=set(request.GET.getlist("timeline"))
                                        & set(TimelineKind.values) or None),
            "timeline_kinds": [(value, name) for value, name in TimelineKind.choices
                               if user.is_regulator or value != TimelineKind.ALERT],
            "timeline_chosen": request.GET.getlist("timeline"),
        })

    # What the page shows depends on its reader only through scope: every regulator sees the same, and an entity's
    # users see their own entity (the only one they may open), without alerts.
    scope = "regulator" if user.is_regulator else "entity"

    def build():
        entity = visible_entity()
        content = _cached(request, f"{kind}:{code}:{scope}", ENTITY_READS, lambda: render_content(entity))
        return render(request, "dashboard/entity.html", {"entity": entity, "content": content})

    # A page kept for this reader was visible to them: the key holds who they are and the versions of the
    # entities and mandates that decide it, so a hit needs no lookup.
    return cached_page(request, *versions(*ENTITY_READS), seconds=CACHE_SECONDS, build=build)
