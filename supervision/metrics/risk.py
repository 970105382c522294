"""Risk scores and alerts, from stored metric results and complaint counts."""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from complaints.models import Complaint
from supervision.core.months import month_start, start_of_day
from supervision.entities.models import Agency, Lender
from supervision.rules.models import RuleProfile

from .definitions import RATE_METRICS
from .models import Alert, AlertKind, MetricResult, RiskScore, Scope

SURGE_MONTHS = 6


def risk_inputs(rows: dict[str, tuple]) -> dict[str, float]:
    """What the score weighs, from one entity's roll-up rows {metric: (numerator, denominator, value)}.

    A rate is per 1,000 of the contacts its numerator counted from (the denominator), so a metric reported by
    only some of an entity's pairs is not diluted by the others; one not reported at all is left out, not 0."""
    inputs = {metric: numerator * 1000 / contacts for metric in RATE_METRICS if metric in rows
              for numerator, contacts, _value in [rows[metric]] if numerator is not None and contacts}
    if "complaints_per_10k_accounts" in rows:
        inputs["complaints_per_10k_accounts"] = rows["complaints_per_10k_accounts"][2]
    if "timely_response_rate" in rows:
        inputs["late_response_share"] = 1 - rows["timely_response_rate"][2]
    return inputs


def risk_score(inputs: dict[str, float], weights: dict[str, float]) -> float:
    return round(min(100.0, sum(weights.get(name, 0) * value for name, value in inputs.items())), 2)


def complaint_surges(*, period: dt.date, profile: RuleProfile) -> list[tuple]:
    """(scope, code, count this month, 6-month average) for entities whose complaints jumped."""
    start, end = start_of_day(month_start(period, -SURGE_MONTHS)), start_of_day(month_start(period, 1))
    window = Complaint.objects.filter(received_at__gte=start, received_at__lt=end, duplicate_of__isnull=True)
    surges = []
    for scope, field in ((Scope.AGENCY, "agency__code"), (Scope.LENDER, "lender__code")):
        monthly = defaultdict(dict)
        rows = (window.exclude(**{f"{field}__isnull": True}).annotate(month=TruncMonth("received_at"))
                .values(field, "month").annotate(n=Count("pk")))
        for row in rows:
            monthly[row[field]][row["month"].date() if hasattr(row["month"], "date") else row["month"]] = row["n"]
        for code, counts in monthly.items():
            current = counts.get(period, 0)
            baseline = sum(n for month, n in counts.items() if month < period) / SURGE_MONTHS
            if current >= profile.surge_minimum and current > profile.surge_factor * baseline:
                surges.append((scope, code, current, baseline))
    return surges


def risk_compute(*, period: dt.date, profile: RuleProfile, entity_keys: list[str] | None = None) -> int:
    """Score every agency and lender with results this month (or only those of `entity_keys`); raise each alert
    once. Alerts come from the default profile only: another profile's scores are there to compare, not to act
    on."""
    raise_alerts = profile.is_default
    rows = defaultdict(dict)
    results = MetricResult.objects.filter(period=period, profile=profile, scope__in=[Scope.AGENCY, Scope.LENDER])
    replaced = RiskScore.objects.filter(period=period, profile=profile)
    if entity_keys is not None:
        results, replaced = results.filter(entity_key__in=entity_keys), replaced.filter(entity_key__in=entity_keys)
    for scope, key, metric, numerator, denominator, value in results.values_list(
            "scope", "entity_key", "metric", "numerator", "denominator", "value"):
        rows[(scope, key.split(":", 1)[1])][metric] = (numerator, denominator, value)
    agencies = dict(Agency.objects.values_list("code", "pk"))
    lenders = dict(Lender.objects.values_list("code", "pk"))

    def owner(scope: str, code: str) -> dict:
        return {"agency_id": agencies.get(code)} if scope == Scope.AGENCY else {"lender_id": lenders.get(code)}

    now, scores, alerts = timezone.now(), [], []
    for (scope, code), entity_rows in rows.items():
        inputs = risk_inputs(entity_rows)
        score = risk_score(inputs, profile.risk_weights)
        base = {"scope": scope, "entity_key": f"{scope}:{code}", "period": period, **owner(scope, code)}
        scores.append(RiskScore(**base, score=score, components=inputs, profile=profile, computed_at=now))
        if not raise_alerts:
            continue
        if score >= profile.risk_alert_score:
            alerts.append(Alert(**base, kind=AlertKind.SCORE, metric="risk_score", value=score,
                                threshold=profile.risk_alert_score))
        for metric, threshold in profile.metric_alert_rates.items():
            if inputs.get(metric, 0) >= threshold:
                alerts.append(Alert(**base, kind=AlertKind.METRIC, metric=metric, value=round(inputs[metric], 3),
                                    threshold=threshold))
    surges = complaint_surges(period=period, profile=profile) if raise_alerts else []
    for scope, code, current, baseline in surges:
        if entity_keys is not None and f"{scope}:{code}" not in entity_keys:
            continue
        alerts.append(Alert(scope=scope, entity_key=f"{scope}:{code}", period=period, **owner(scope, code),
                            kind=AlertKind.SURGE, metric="complaints", value=current,
                            threshold=profile.surge_factor * baseline, baseline=round(baseline, 2)))
    with transaction.atomic():
        replaced.delete()
        RiskScore.objects.bulk_create(scores)
        Alert.objects.bulk_create(alerts, ignore_conflicts=True)  # raised once, however often recomputed
    return len(alerts)
