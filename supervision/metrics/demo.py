"""Demo triage: some alerts already worked (acknowledged, assigned, one dismissed with its reason), most still new."""

from supervision.accounts.models import Role, User

from .models import Alert, AlertState
from .triage import alerts_bulk


def demo_alert_triage() -> int:
    """Work the older months' alerts a little, as a supervisor would have; returns how many were touched."""
    supervisor = User.objects.filter(role=Role.SUPERVISOR).order_by("pk").first()
    inspector = User.objects.filter(role=Role.INSPECTOR).order_by("pk").first()
    if supervisor is None or Alert.objects.exclude(state=AlertState.NEW).exclude(
            state=AlertState.INSPECTION_PROPOSED).exists():
        return 0
    periods = sorted(set(Alert.objects.values_list("period", flat=True)))
    if len(periods) < 2:
        return 0
    older = Alert.objects.filter(period__lt=periods[-1], state=AlertState.NEW)
    touched = alerts_bulk(alerts=older.filter(metric="quiet_hours_contacts"), action="acknowledge", by=supervisor,
                          note="已与机构约谈，下月复核。")
    if inspector:
        touched += alerts_bulk(alerts=older.filter(metric="deferral_contacts"), action="assign", by=supervisor,
                               assignee=inspector)
    first = older.filter(metric="post_settlement_contacts").order_by("pk")[:1]
    touched += alerts_bulk(alerts=Alert.objects.filter(pk__in=list(first.values_list("pk", flat=True))),
                           action="dismiss", by=supervisor, note="结清日期报送有误，机构已更正并重新报送。")
    return touched
