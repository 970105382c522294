"""What the dashboards show, read from precomputed tables (complaint month counts, metric results,
hour counts): no page scans complaints or contacts."""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.http import QueryDict

from supervision.core.months import last_month, month_start, months_between, parse_period
from supervision.metrics.definitions import RATE_METRICS
from supervision.metrics.models import ContactHourCount, MetricResult, Scope
from supervision.rules.models import RuleProfile, default_profile

from .models import ComplaintMonthCount


@dataclass(frozen=True)
class Filters:
    """The filters every chart and table obey; they live in the URL so a view can be shared."""

    period_from: dt.date
    period_to: dt.date
    province: str = ""
    entity_type: str = ""
    lender: str = ""
    agency: str = ""
    category: str = ""
    profile: RuleProfile | None = None

    @classmethod
    def from_query(cls, query: QueryDict) -> "Filters":

        def period(name: str, default: dt.date) -> dt.date:
            try:
                return parse_period(query.get(name, "")) if query.get(name) else default
            except Exception:
                return default

        period_to = period("to", last_month())
        period_from = min(period("from", month_start(period_to, -11)), period_to)
        profile = RuleProfile.objects.filter(pk=query.get("profile")).first() if query.get("profile", "").isdigit() else None
        return cls(period_from, period_to, query.get("province", "")[:8], query.get("entity_type", "")[:20],
                   query.get("lender", "")[:32], query.get("agency", "")[:32], query.get("category", "")[:32],
                   profile or default_profile())

    @property
    def calendar(self) -> list[dt.date]:
        """Every month of the range: the x axis of every monthly series."""
        return months_between(self.period_from, self.period_to)

    @property
    def months(self) -> int:
        return (self.period_to.year - self.period_from.year) * 12 + self.period_to.month - self.period_from.month + 1

    def previous(self) -> "Filters":
        return Filters(month_start(self.period_from, -self.months), month_start(self.period_to, -self.months), self.province,
                       self.entity_type, self.lender, self.agency, self.category, self.profile)

    def complaint_counts(self, *, by_category: bool = False):
        rows = ComplaintMonthCount.objects.filter(month__gte=self.period_from, month__lte=self.period_to)
        rows = rows.exclude(category="") if by_category else rows.filter(category="")
        if self.category and by_category:
            rows = rows.filter(category=self.category)
        elif self.category:  # totals restricted to complaints of one category: count its rows instead
            rows = ComplaintMonthCount.objects.filter(month__gte=self.period_from, month__lte=self.period_to,
                                                      category=self.category)
        if self.province:
            rows = rows.filter(region=self.province)
        if self.entity_type:
            rows = rows.filter(lender__type=self.entity_type)
        if self.lender:
            rows = rows.filter(lender__code=self.lender)
        if self.agency:
            rows = rows.filter(agency__code=self.agency)
        return rows

    def metric_results(self, scope: str = Scope.PAIR):
        rows = MetricResult.objects.filter(period__gte=self.period_from, period__lte=self.period_to,
                                           profile=self.profile, scope=scope)
        if self.lender:
            rows = rows.filter(lender__code=self.lender)
        if self.agency:
            rows = rows.filter(collector_code=self.agency)
        if self.entity_type:
            rows = rows.filter(lender__type=self.entity_type)
        if self.province:
            rows = rows.filter(Q(agency__province=self.province) | Q(agency__isnull=True, lender__province=self.province))
        return rows


def _sum(queryset, field: str) -> int:
    return queryset.aggregate(total=Sum(field))["total"] or 0


def headline(filters: Filters) -> list[dict]:
    """The period's headline figures beside the previous period's."""
    figures = []
    for current, _label in ((filters, "current"), (filters.previous(), "previous")):
        complaints = current.complaint_counts()
        metrics = current.metric_results()
        total = _sum(complaints, "complaints")
        figures.append({
            "complaints": total,
            "third_party_share": round(100 * _sum(complaints.filter(agency__isnull=False), "complaints") / total, 1)
            if total else 0.0,
            "contacts": _sum(metrics.filter(metric="contacts"), "numerator"),
            "night_contacts": _sum(metrics.filter(metric="quiet_hours_contacts"), "numerator"),
            "blasting_debtors": _sum(metrics.filter(metric="blasting_debtors"), "numerator"),
        })
    now, before = figures
    result = [{"key": key, "value": now[key], "previous": before[key],
               "change": None if not before[key] else round(100 * (now[key] - before[key]) / before[key], 1)}
              for key in now]
    # A count of today, not of a period: no change to show.
    result.append({"key": "open_inspections", "value": open_inspections(filters), "previous": None, "change": None})
    result.append({"key": "overdue_actions", "value": overdue_actions(filters), "previous": None, "change": None})
    return result


def new_alerts(filters: Filters) -> dict:
    """Alerts nobody has triaged yet: a headline figure read fresh, since triage does not change the data version."""
    from supervision.metrics.models import Alert, AlertState

    alerts = Alert.objects.filter(state=AlertState.NEW)
    if filters.lender:
        alerts = alerts.filter(lender__code=filters.lender)
    if filters.agency:
        alerts = alerts.filter(agency__code=filters.agency)
    return {"key": "new_alerts", "value": alerts.count(), "previous": None, "change": None}


def overdue_actions(filters: Filters) -> int:
    from supervision.enforcement.models import EnforcementAction

    actions = EnforcementAction.objects.filter(state="overdue")
    if filters.lender:
        actions = actions.filter(lender__code=filters.lender)
    if filters.agency:
        actions = actions.filter(agency__code=filters.agency)
    return actions.count()


def open_inspections(filters: Filters) -> int:
    from supervision.inspections.models import Inspection
    from supervision.inspections.selectors import ACTIVE_STATES

    inspections = Inspection.objects.filter(state__in=ACTIVE_STATES)
    if filters.lender:
        inspections = inspections.filter(lender__code=filters.lender)
    if filters.agency:
        inspections = inspections.filter(agency__code=filters.agency)
    return inspections.count()


def complaints_by_month_and_category(filters: Filters) -> list[dict]:
    rows = (filters.complaint_counts(by_category=True).values("month", "category")
            .annotate(complaints=Sum("complaints")).order_by("month", "category"))
    return [{"month": row["month"].strftime("%Y-%m"), "category": row["category"], "complaints": row["complaints"]}
            for row in rows]


def ranking(filters: Filters, *, kind: str, limit: int = 10) -> dict[str, list[dict]]:
    """Top entities by complaints and by complaints per 10,000 accounts reported (two lists side by side)."""
    field = f"{kind}__code"
    counts = (filters.complaint_counts().exclude(**{f"{kind}__isnull": True}).values(field, f"{kind}__name")
              .annotate(complaints=Sum("complaints")))
    accounts = dict(filters.metric_results(scope=kind).filter(metric="complaints_per_10k_accounts")
                    .values(field).annotate(accounts=Sum("denominator")).values_list(field, "accounts"))
    rows = [{"code": row[field], "name": row[f"{kind}__name"], "complaints": row["complaints"],
             "accounts": accounts.get(row[field]) or 0} for row in counts]
    for row in rows:
        row["per_10k_accounts"] = round(row["complaints"] * 10_000 / row["accounts"], 2) if row["accounts"] else None
    by_count = sorted(rows, key=lambda row: (-row["complaints"], row["code"]))[:limit]
    by_rate = sorted((row for row in rows if row["per_10k_accounts"] is not None),
                     key=lambda row: (-row["per_10k_accounts"], row["code"]))[:limit]
    return {"by_complaints": by_count, "by_rate": by_rate}


def metric_heatmap(filters: Filters, limit: int = 25) -> dict:
    """Agencies × violation metrics, per 1,000 contacts over the period; None where a metric was not reported.

    Each rate is over the contacts its count was measured on (the results' denominators), so months or lenders
    that could not report a contract version 2 metric do not dilute it."""
    rows = (filters.metric_results(scope=Scope.AGENCY).filter(metric__in=RATE_METRICS + ["contacts"])
            .values("collector_code", "agency__name", "metric").annotate(n=Sum("numerator"), of=Sum("denominator")))
    contacts, rates, names = {}, defaultdict(dict), {}
    for row in rows:
        names[row["collector_code"]] = row["agency__name"] or row["collector_code"]
        if row["metric"] == "contacts":
            contacts[row["collector_code"]] = row["n"]
        elif row["n"] is not None:
            rates[row["collector_code"]][row["metric"]] = round(row["n"] * 1000 / row["of"], 2) if row["of"] else 0
    codes = sorted(contacts, key=lambda code: -contacts[code])[:limit]
    return {
        "agencies": [names[code] for code in codes], "codes": codes, "metrics": RATE_METRICS,
        "rates": [[rates[code].get(metric) for metric in RATE_METRICS] for code in codes],
    }


def contacts_by_hour(filters: Filters) -> dict:
    rows = ContactHourCount.objects.filter(period__gte=filters.period_from, period__lte=filters.period_to)
    if filters.lender:
        rows = rows.filter(lender__code=filters.lender)
    if filters.agency:
        rows = rows.filter(collector_code=filters.agency)
    matrix = [[0] * 24 for _ in range(7)]
    for weekday, hour, contacts in rows.values("weekday", "hour").annotate(n=Sum("contacts")).values_list(
            "weekday", "hour", "n"):
        matrix[weekday - 1][hour] = contacts
    profile = filters.profile
    return {"matrix": matrix, "permitted_from": profile.permitted_from.hour + profile.permitted_from.minute / 60,
            "permitted_until": profile.permitted_until.hour + profile.permitted_until.minute / 60}


def complaints_by_province(filters: Filters) -> list[dict]:
    rows = (filters.complaint_counts().exclude(region="").values("region").annotate(complaints=Sum("complaints"))
            .order_by("-complaints", "region"))
    return list(rows)


def entity_complaints_by_month(filters: Filters, *, kind: str, code: str) -> list[dict]:
    """Complaints per month over the whole range: a month with none is a 0, not a gap."""
    counts = dict(filters.complaint_counts().filter(**{f"{kind}__code": code}).values("month")
                  .annotate(complaints=Sum("complaints")).values_list("month", "complaints"))
    return [{"month": month.strftime("%Y-%m"), "complaints": counts.get(month, 0)} for month in filters.calendar]


def entity_metric_against_peers(filters: Filters, *, kind: str, code: str, metric: str) -> list[dict]:
    """The entity's metric per 1,000 contacts by month, beside the median of its peers (anonymous) and the
    profile's alert threshold; months without contacts count 0, so the lines never skip a month, but a month
    whose metric was not reported (contract version 1) is a gap, not 0."""
    rows = (MetricResult.objects.filter(period__gte=filters.period_from, period__lte=filters.period_to,
                                        profile=filters.profile, scope=kind, metric__in=[metric, "contacts"])
            .values_list("period", "entity_key", "metric", "numerator"))
    per = defaultdict(lambda: defaultdict(dict))
    for period, key, name, numerator in rows:
        per[period][key][name] = numerator
    own_key, series = f"{kind}:{code}", []
    threshold = filters.profile.metric_alert_rates.get(metric)
    for period in filters.calendar:
        rates = {key: values.get(metric, 0) * 1000 / values["contacts"]
                 for key, values in per[period].items() if values.get("contacts") and values.get(metric, 0) is not None}
        not_reported = per[period][own_key].get("contacts") and own_key not in rates
        series.append({"month": period.strftime("%Y-%m"),
                       "own": None if not_reported else round(rates.get(own_key, 0.0), 2),
                       "peer_median": round(statistics.median(rates.values()), 2) if rates else 0.0,
                       "threshold": threshold})
    return series


def counterpart_shares(filters: Filters, *, kind: str, code: str) -> list[dict]:
    """For a lender, its agencies' shares of its complaints (or, for an agency, its lenders')."""
    other = "agency" if kind == "lender" else "lender"
    rows = (filters.complaint_counts().filter(**{f"{kind}__code": code}).exclude(**{f"{other}__isnull": True})
            .values(f"{other}__code", f"{other}__name").annotate(complaints=Sum("complaints")).order_by("-complaints"))
    total = sum(row["complaints"] for row in rows) or 1
    return [{"code": row[f"{other}__code"], "name": row[f"{other}__name"], "complaints": row["complaints"],
             "share": round(100 * row["complaints"] / total, 1)} for row in rows]
