"""The publication rule (one home) and the job that copies what it publishes into the public tables."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from complaints.choices import Outcome, ResponseType
from complaints.models import Complaint
from supervision.core.personal_data import scrub_text

from .models import PublicationRun, PublishedCategory, PublishedComplaint
from .search import search_tokens

PUBLISHED_FIELDS = ["received_on", "province", "lender_id", "agency_id", "channel", "response", "public_statement",
                    "timely", "narrative", "search_tokens"]


def publishable(now: dt.datetime) -> QuerySet[Complaint]:
    """Complaints the public may see: about a registered lender or agency, forwarded, and answered or past the
    response window (whichever comes first); never withdrawn ones or merged duplicates."""
    return (Complaint.objects.filter(Q(lender__isnull=False) | Q(agency__isnull=False), duplicate_of__isnull=True,
                                     forwarded_at__isnull=False)
            .filter(Q(responded_at__isnull=False) | Q(response_due__lte=now))
            .exclude(outcome__in=(Outcome.WITHDRAWN, Outcome.MERGED)))


def narrative_delay() -> dt.timedelta:
    return dt.timedelta(days=settings.PUBLIC_NARRATIVE_DELAY_DAYS)


def public_fields(complaint: Complaint, *, first_published: dt.datetime, now: dt.datetime) -> dict:
    """What the public sees of one publishable complaint. The narrative only with the consent to publish, not
    withheld, a delay after the complaint itself was first published, and scrubbed."""
    show_narrative = (complaint.consent_to_publish and not complaint.narrative_withheld
                      and now >= first_published + narrative_delay())
    narrative = scrub_text(complaint.narrative, personal=(complaint.complainant_name, complaint.complainant_phone,
                                                          complaint.complainant_email)) if show_narrative else ""
    return {
        "received_on": timezone.localtime(complaint.received_at).date(), "province": complaint.region,
        "lender_id": complaint.lender_id, "agency_id": complaint.agency_id, "channel": complaint.channel,
        "response": (complaint.response_type or ResponseType.WITH_EXPLANATION) if complaint.responded_at
        else ResponseType.IN_PROGRESS,
        "public_statement": complaint.public_statement if complaint.responded_at else "",
        "timely": complaint.responded_in_time, "narrative": narrative, "search_tokens": search_tokens(narrative),
    }


PUBLISH_BATCH = 2000


def publish(*, now: dt.datetime | None = None) -> PublicationRun:
    """Publish what became publishable, update what changed, withdraw what no longer qualifies. Running it
    twice changes nothing the second time. New rows go in by batches (bulk inserts), not one save each."""
    now = now or timezone.now()
    run = PublicationRun.objects.create(started_at=now)
    with transaction.atomic():
        allowed = publishable(now)
        run.withdrawn = PublishedComplaint.objects.exclude(complaint__in=allowed).delete()[1].get(
            "public.PublishedComplaint", 0)
        existing = {row.complaint_id: row for row in PublishedComplaint.objects.prefetch_related("categories")}
        new_rows: list[tuple[PublishedComplaint, list[str]]] = []
        for complaint in allowed.prefetch_related("category_rows").iterator(chunk_size=PUBLISH_BATCH):
            row = existing.get(complaint.pk)
            fields = public_fields(complaint, first_published=row.published_at if row else now, now=now)
            codes = sorted(category.code for category in complaint.category_rows.all())
            if row is None:
                new_rows.append((PublishedComplaint(complaint=complaint, published_at=now, **fields), codes))
                if len(new_rows) == PUBLISH_BATCH:
                    run.published += _insert(new_rows)
                    new_rows = []
                continue
            shown_codes = sorted(category.code for category in row.categories.all())  # prefetched above
            if any(getattr(row, name) != value for name, value in fields.items()) or shown_codes != codes:
                PublishedComplaint.objects.filter(pk=row.pk).update(**fields)
                row.categories.all().delete()
                PublishedCategory.objects.bulk_create([PublishedCategory(published=row, code=code) for code in codes])
                run.updated += 1
        run.published += _insert(new_rows)
    run.finished_at = timezone.now()
    run.save()
    return run


def _insert(rows: list[tuple[PublishedComplaint, list[str]]]) -> int:
    """Newly published complaints and their categories, two bulk inserts (the ids come back on both databases)."""
    PublishedComplaint.objects.bulk_create([row for row, _codes in rows])
    PublishedCategory.objects.bulk_create([PublishedCategory(published=row, code=code)
                                           for row, codes in rows for code in codes])
    return len(rows)


@transaction.atomic
def narrative_withhold(*, complaint: Complaint, by, reason: str) -> Complaint:
    """A supervisor keeps a narrative out of the public database (it leaves at once), with the reason logged."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from complaints.models import ComplaintEvent

    if not reason.strip():
        raise ValidationError(_("Say why the narrative is withheld."), code="reason_required")
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    complaint.narrative_withheld, complaint.narrative_withheld_reason = True, reason.strip()[:500]
    complaint.save(update_fields=["narrative_withheld", "narrative_withheld_reason", "updated_at"])
    ComplaintEvent.objects.create(complaint=complaint, from_status=complaint.status, to_status=complaint.status, by=by,
                                  internal=True, note=_("Narrative withheld from publication: %(reason)s") % {
                                      "reason": reason.strip()[:400]})
    PublishedComplaint.objects.filter(complaint=complaint).update(narrative="", search_tokens="")
    return complaint
