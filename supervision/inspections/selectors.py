"""Reading inspections: who sees which, and the team's workload."""

from collections import Counter

from django.db.models import Count, F

from .choices import ENTITY_VISIBLE_STATES, InspectionState
from .models import Inspection

ACTIVE_STATES = [InspectionState.PLANNED, InspectionState.NOTIFIED, InspectionState.FIELDWORK,
                 InspectionState.FINDINGS_DRAFTED, InspectionState.REPORT_ISSUED]


def visible_inspections(user):
    """Regulators see all; the inspected entity from the notification on."""
    inspections = Inspection.objects.visible_to(user).select_related("lender", "agency", "lead")
    if not user.is_regulator:
        inspections = inspections.filter(state__in=ENTITY_VISIBLE_STATES)
    return inspections


def workload() -> list[tuple[str, int]]:
    """Active inspections per person, as lead or team member, counted by the database."""
    counts = Counter(dict(
        Inspection.objects.filter(state__in=ACTIVE_STATES, lead__isnull=False)
        .values_list("lead__username").annotate(n=Count("pk")).values_list("lead__username", "n")
    ))
    counts.update(dict(
        Inspection.members.through.objects.filter(inspection__state__in=ACTIVE_STATES)
        .exclude(user_id=F("inspection__lead_id"))
        .values_list("user__username").annotate(n=Count("pk")).values_list("user__username", "n")
    ))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
