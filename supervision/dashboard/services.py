"""Keeping the dashboard's precomputed complaint counts current."""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth

from complaints.models import Complaint, ComplaintCategory
from supervision.core.bulk import insert_rows

from .complaint_stats import SOURCE_VERSIONS_KEY, source_versions
from .models import ComplaintMonthCount

FIELDS = ["month", "lender", "agency", "region", "category", "complaints"]


def complaint_counts_refresh() -> int:
    """Recount complaints per month, lender, agency, province (and category) in the database; replace the table.
    Once committed, the counts are known to be current until a complaint is written (see complaint_stats)."""
    counted_versions = source_versions()  # read first: a complaint written while counting leaves them behind
    complaints = Complaint.objects.filter(duplicate_of__isnull=True)
    totals = (complaints.annotate(m=TruncMonth("received_at")).order_by()
              .values("m", "lender_id", "agency_id", "region").annotate(n=Count("pk")))
    by_category = (ComplaintCategory.objects.filter(complaint__duplicate_of__isnull=True)
                   .annotate(m=TruncMonth("complaint__received_at")).order_by()
                   .values("m", "complaint__lender_id", "complaint__agency_id", "complaint__region", "code")
                   .annotate(n=Count("pk")))
    with transaction.atomic():
        ComplaintMonthCount.objects.all().delete()
        count = insert_rows(ComplaintMonthCount, FIELDS, (
            (_day(row["m"]), row["lender_id"], row["agency_id"], row["region"], "", row["n"]) for row in totals
        ))
        count += insert_rows(ComplaintMonthCount, FIELDS, (
            (_day(row["m"]), row["complaint__lender_id"], row["complaint__agency_id"], row["complaint__region"],
             row["code"], row["n"]) for row in by_category
        ))
        transaction.on_commit(lambda: cache.set(SOURCE_VERSIONS_KEY, counted_versions, None))
    return count


def _day(value):
    return value.date() if hasattr(value, "date") else value
