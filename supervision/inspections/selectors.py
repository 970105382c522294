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


# What an open inspection waits for next, and from whom.
NEXT_STEP = {
    InspectionState.PROPOSED: "approve", InspectionState.PLANNED: "notify", InspectionState.NOTIFIED: "start_fieldwork",
    InspectionState.FIELDWORK: "draft_findings", InspectionState.FINDINGS_DRAFTED: "issue_report",
    InspectionState.REPORT_ISSUED: "close",
}


def my_work(user) -> list[tuple[str, list]]:
    """The open inspections a person leads or is on the team of, grouped by state in workflow order, soonest first;
    each with its next step and whether its planned end has passed."""
    from django.db.models import Q
    from django.utils import timezone

    mine = (Inspection.objects.filter(Q(lead=user) | Q(members=user), state__in=list(NEXT_STEP)).distinct()
            .select_related("lender", "agency", "lead").order_by("planned_start", "pk"))
    today = timezone.localdate()
    groups = {state: [] for state in NEXT_STEP}
    for inspection in mine:
        inspection.next_step = NEXT_STEP[inspection.state]
        inspection.late = bool(inspection.planned_end and inspection.planned_end < today
                               and inspection.state != InspectionState.REPORT_ISSUED)
        groups[inspection.state].append(inspection)
    return [(state, items) for state, items in groups.items() if items]
