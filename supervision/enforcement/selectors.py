"""Reading enforcement: tracking figures and what the public may see."""

import datetime as dt

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from complaints.models import Complaint
from supervision.core.months import month_start, start_of_day

from .choices import ActionKind
from .models import EnforcementAction


def repeat_offenders(*, today: dt.date | None = None) -> list[dict]:
    """Entities with more than one action in the last 24 months."""
    since = (today or timezone.localdate()) - dt.timedelta(days=730)
    recent = EnforcementAction.objects.filter(issued_on__gte=since)
    rows = []
    for field in ("lender", "agency"):
        rows += [{"code": row[f"{field}__code"], "name": row[f"{field}__name"], "actions": row["n"]}
                 for row in recent.exclude(**{f"{field}__isnull": True}).values(f"{field}__code", f"{field}__name")
                 .annotate(n=Count("pk")).filter(n__gt=1)]
    return sorted(rows, key=lambda row: (-row["actions"], row["code"]))


def fines_per_year() -> list[dict]:
    return list(EnforcementAction.objects.filter(kind=ActionKind.FINE).annotate(year=ExtractYear("issued_on"))
                .values("year").annotate(fines=Count("pk"), total_yuan=Sum("amount_yuan")).order_by("year"))


def published_actions():
    """What the public page lists: published actions, with no personal data."""
    return (EnforcementAction.objects.filter(published=True).select_related("lender", "agency")
            .prefetch_related("provisions").order_by("-issued_on", "-pk"))


def public_complaint_counts(*, months: int = 12) -> list[dict]:
    """Complaints per month per lender and agency: counts only, never narratives or complainants."""
    start = start_of_day(month_start(timezone.localdate(), -(months - 1)))
    rows = (Complaint.objects.filter(received_at__gte=start, duplicate_of__isnull=True)
            .annotate(month=TruncMonth("received_at"))
            .values("month", "lender__code", "lender__name", "agency__code", "agency__name")
            .annotate(complaints=Count("pk")).order_by("month", "lender__code", "agency__code"))
    return [{"month": row["month"].strftime("%Y-%m"), "lender": row["lender__code"] or "",
             "lender_name": row["lender__name"] or "", "agency": row["agency__code"] or "",
             "agency_name": row["agency__name"] or "", "complaints": row["complaints"]} for row in rows
            if row["lender__code"] or row["agency__code"]]


def overdue_count() -> int:
    return EnforcementAction.objects.filter(Q(state="overdue") | Q(state="escalated", escalated_to__isnull=True)).count()
