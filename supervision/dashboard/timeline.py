"""One entity's whole history in one list: complaints, alerts, reports, inspection steps, findings, actions
and milestones, newest first, each with a link. What a reader sees follows the same rules as the pages each
item comes from: an entity user sees its own complaints once forwarded, its inspections once notified, its
findings once the report is issued, and never alerts or the regulator's notes."""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.selectors import complaints_visible_to
from supervision.core.labels import label
from supervision.enforcement.models import ActionEvent, EnforcementAction, Milestone
from supervision.inspections.choices import ENTITY_VISIBLE_STATES, InspectionState
from supervision.inspections.models import Finding, InspectionEvent
from supervision.inspections.selectors import visible_inspections
from supervision.metrics.models import Alert
from supervision.reporting.models import Report

PER_SOURCE = 200  # the newest of each kind: a timeline, not an archive


class TimelineKind(models.TextChoices):
    COMPLAINT = "complaint", gettext_lazy("Complaints")
    ALERT = "alert", gettext_lazy("Alerts")
    REPORT = "report", gettext_lazy("Reports")
    INSPECTION = "inspection", gettext_lazy("Inspection steps")
    FINDING = "finding", gettext_lazy("Findings")
    ACTION = "action", gettext_lazy("Enforcement steps")
    MILESTONE = "milestone", gettext_lazy("Milestones")


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    kind: str
    text: str
    url: str


def entity_timeline(*, entity, user, kinds: set[str] | None = None) -> list[Entry]:
    """Every event about `entity` that `user` may see, newest first (optionally only some kinds)."""
    field = entity._meta.model_name  # "lender" or "agency"
    regulator = user.is_regulator
    wanted = set(kinds or TimelineKind.values)
    if not regulator:
        wanted.discard(TimelineKind.ALERT)
    entries: list[Entry] = []
    if TimelineKind.COMPLAINT in wanted:
        for complaint in complaints_visible_to(user).filter(**{field: entity}).order_by("-received_at")[:PER_SOURCE]:
            entries.append(Entry(complaint.received_at, TimelineKind.COMPLAINT,
                                 _("Complaint %(receipt)s received (%(status)s)") % {
                                     "receipt": complaint.receipt_no, "status": complaint.get_status_display()},
                                 complaint.get_absolute_url()))
    if TimelineKind.ALERT in wanted:
        for alert in Alert.objects.filter(**{field: entity}).order_by("-raised_at")[:PER_SOURCE]:
            entries.append(Entry(alert.raised_at, TimelineKind.ALERT,
                                 _("Alert: %(metric)s %(value)g (threshold %(threshold)g), %(month)s") % {
                                     "metric": label("metric", alert.metric), "value": alert.value,
                                     "threshold": alert.threshold, "month": alert.period.strftime("%Y-%m")},
                                 f"{reverse('metrics:alerts')}?state=all&period={alert.period:%Y-%m}"))
    if TimelineKind.REPORT in wanted:
        for report in Report.objects.visible_to(user).filter(**{field: entity}).order_by("-created_at")[:PER_SOURCE]:
            entries.append(Entry(report.created_at, TimelineKind.REPORT,
                                 _("Report for %(month)s: %(status)s") % {"month": report.period_label,
                                                                          "status": report.get_status_display()},
                                 report.get_absolute_url()))
    inspections = visible_inspections(user).filter(**{field: entity})
    if TimelineKind.INSPECTION in wanted:
        events = InspectionEvent.objects.filter(inspection__in=inspections).select_related("inspection", "by")
        if not regulator:
            events = events.filter(to_state__in=ENTITY_VISIBLE_STATES)
        for event in events.order_by("-at")[:PER_SOURCE]:
            text = _("Inspection #%(number)s: %(state)s") % {"number": event.inspection_id,
                                                             "state": event.get_to_state_display()}
            if regulator and event.note:
                text += f" — {event.note}"
            entries.append(Entry(event.at, TimelineKind.INSPECTION, text, event.inspection.get_absolute_url()))
    if TimelineKind.FINDING in wanted:
        findings = Finding.objects.filter(inspection__in=inspections).select_related("inspection")
        if not regulator:
            findings = findings.filter(inspection__state__in=(InspectionState.REPORT_ISSUED, InspectionState.CLOSED))
        for finding in findings.prefetch_related("provisions").order_by("-created_at")[:PER_SOURCE]:
            cited = "; ".join(provision.citation for provision in finding.provisions.all())
            entries.append(Entry(finding.created_at, TimelineKind.FINDING,
                                 _("Finding (%(severity)s): %(what)s") % {
                                     "severity": finding.get_severity_display(), "what": cited or finding.rule},
                                 finding.inspection.get_absolute_url()))
    actions = EnforcementAction.objects.visible_to(user).filter(**{field: entity})
    if TimelineKind.ACTION in wanted:
        for event in ActionEvent.objects.filter(action__in=actions).select_related("action").order_by("-at")[:PER_SOURCE]:
            entries.append(Entry(event.at, TimelineKind.ACTION, _("%(action)s: %(state)s") % {
                "action": event.action.get_kind_display(), "state": event.get_to_state_display()},
                event.action.get_absolute_url()))
    if TimelineKind.MILESTONE in wanted:
        for milestone in Milestone.objects.filter(action__in=actions).select_related("action").order_by("-pk")[:PER_SOURCE]:
            for moment, state in ((milestone.submitted_at, _("submitted")), (milestone.decided_at,
                                                                               milestone.get_state_display())):
                if moment:
                    entries.append(Entry(moment, TimelineKind.MILESTONE, _("Milestone “%(what)s”: %(state)s") % {
                        "what": milestone.what, "state": state}, milestone.action.get_absolute_url()))
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
