"""Working alerts: acknowledge, assign, note, dismiss with a reason, or hand to an inspection; grouped by entity."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, F, FloatField, Max, Q, QuerySet, When
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from .models import Alert, AlertEvent, AlertState, Scope

# Which state may follow which; an assignment or a note keeps the state.
NEXT_STATES = {
    AlertState.NEW: {AlertState.ACKNOWLEDGED, AlertState.DISMISSED, AlertState.INSPECTION_PROPOSED},
    AlertState.ACKNOWLEDGED: {AlertState.DISMISSED, AlertState.INSPECTION_PROPOSED},
    AlertState.DISMISSED: {AlertState.ACKNOWLEDGED, AlertState.INSPECTION_PROPOSED},  # reopened
    AlertState.INSPECTION_PROPOSED: set(),
}


def alert_move(*, alert: Alert, to_state: str, by, note: str = "") -> Alert:
    """Move one alert to a state, writing its event; refuses a move the triage does not allow."""
    if to_state not in NEXT_STATES[alert.state]:
        raise ValidationError(_("An alert that is %(current)s cannot become %(target)s.")
                              % {"current": alert.get_state_display(), "target": AlertState(to_state).label},
                              code="invalid_transition")
    if to_state == AlertState.DISMISSED and not note.strip():
        raise ValidationError(_("Say why the alert is dismissed."), code="reason_required")
    AlertEvent.objects.create(alert=alert, from_state=alert.state, to_state=to_state, by=by, note=note[:1000])
    alert.state = to_state
    alert.dismissed_reason = note.strip()[:500] if to_state == AlertState.DISMISSED else ""
    alert.save(update_fields=["state", "dismissed_reason"])
    return alert


@transaction.atomic
def alerts_bulk(*, alerts: QuerySet, action: str, by, note: str = "", assignee=None) -> int:
    """Apply one triage action to every selected alert, one event each; all or nothing."""
    changed = 0
    for alert in alerts.select_for_update().order_by("pk"):
        if action == "acknowledge":
            if alert.state == AlertState.ACKNOWLEDGED:
                continue
            alert_move(alert=alert, to_state=AlertState.ACKNOWLEDGED, by=by, note=note)
        elif action == "dismiss":
            alert_move(alert=alert, to_state=AlertState.DISMISSED, by=by, note=note)
        elif action == "assign":
            alert.assignee = assignee
            alert.save(update_fields=["assignee"])
            AlertEvent.objects.create(alert=alert, from_state=alert.state, to_state=alert.state, by=by,
                                      note=note or _("Assigned to %(user)s") % {"user": assignee or "—"})
        elif action == "note":
            if not note.strip():
                raise ValidationError(_("Write the note."), code="note_required")
            AlertEvent.objects.create(alert=alert, from_state=alert.state, to_state=alert.state, by=by, note=note)
        else:
            raise ValidationError(_("Unknown action."), code="unknown_action")
        changed += 1
    return changed


@dataclass(frozen=True)
class AlertFilters:
    state: str = ""
    metric: str = ""
    scope: str = ""
    period: dt.date | None = None
    assigned_to: int | None = None


def alerts_filtered(filters: AlertFilters) -> QuerySet:
    alerts = Alert.objects.all()
    if filters.state == "open":
        alerts = alerts.filter(state__in=(AlertState.NEW, AlertState.ACKNOWLEDGED))
    elif filters.state in AlertState.values:
        alerts = alerts.filter(state=filters.state)
    if filters.metric:
        alerts = alerts.filter(metric=filters.metric)
    if filters.scope in (Scope.AGENCY, Scope.LENDER):
        alerts = alerts.filter(scope=filters.scope)
    if filters.period:
        alerts = alerts.filter(period=filters.period)
    if filters.assigned_to:
        alerts = alerts.filter(assignee_id=filters.assigned_to)
    return alerts


def alert_groups(filters: AlertFilters) -> QuerySet:
    """One row per entity and month, the worst first (by how far its worst alert is past the threshold)."""
    severity = Case(When(threshold__gt=0, then=F("value") / Cast(F("threshold"), FloatField())),
                    default=F("value"), output_field=FloatField())
    return (alerts_filtered(filters).values("entity_key", "period", "scope", "agency__code", "agency__name",
                                            "lender__code", "lender__name")
            .annotate(alerts=Count("pk"), worst=Max(severity), new=Count("pk", filter=Q(state=AlertState.NEW)))
            .order_by("-period", "-worst", "entity_key"))


def alerts_of_groups(filters: AlertFilters, groups: list[dict]) -> dict[tuple, list[Alert]]:
    """The alerts behind a page of groups, worst first within each."""
    keys = {(group["entity_key"], group["period"]) for group in groups}
    alerts = (alerts_filtered(filters).filter(entity_key__in={key for key, _ in keys},
                                              period__in={period for _, period in keys})
              .select_related("assignee"))
    found: dict[tuple, list[Alert]] = {}
    for alert in alerts:
        if (alert.entity_key, alert.period) in keys:
            found.setdefault((alert.entity_key, alert.period), []).append(alert)
    return {key: sorted(items, key=lambda alert: -alert.severity) for key, items in found.items()}
