"""Reading complaints: who may see which, masking, duplicates, and counts computed by the database."""

import datetime as dt

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from supervision.core.personal_data import mask_email, mask_name, mask_phone, mask_text

from .choices import ENTITY_VISIBLE_STATUSES
from .models import Complaint, ComplaintCategory, PersonalDataAccess

GROUPINGS = {
    "lender": ("lender__code", "lender__name"),
    "agency": ("agency__code", "agency__name"),
    "province": ("region",),
    "month": ("month",),
    "category": ("code",),
}


def complaints_visible_to(user) -> QuerySet[Complaint]:
    """Regulators see every complaint; an entity user those forwarded to its own entity."""
    complaints = Complaint.objects.visible_to(user)
    if user.is_authenticated and not user.is_regulator:
        complaints = complaints.filter(status__in=ENTITY_VISIBLE_STATUSES)
    return complaints


def complaint_counts(*, complaints: QuerySet[Complaint], group_by: str) -> list[dict]:
    """Complaints per lender, agency, province, month or category, counted by the database."""
    if group_by == "category":
        rows = (
            ComplaintCategory.objects.filter(complaint__in=complaints.values("pk"))
            .values("code").annotate(complaints=Count("complaint_id")).order_by("-complaints", "code")
        )
        return [{"key": row["code"], "complaints": row["complaints"]} for row in rows]
    if group_by == "month":
        complaints = complaints.annotate(month=TruncMonth("received_at"))
    fields = GROUPINGS[group_by]
    rows = complaints.order_by().values(*fields).annotate(complaints=Count("pk")).order_by("-complaints", fields[0])
    result = []
    for row in rows:
        key = row[fields[0]]
        if isinstance(key, dt.date):
            key = key.strftime("%Y-%m")
        result.append({"key": key, "name": row.get(fields[1]) if len(fields) > 1 else None,
                       "complaints": row["complaints"]})
    return result


def duplicate_candidates(complaint: Complaint) -> QuerySet[Complaint]:
    """Open complaints that look like the same case: the same contact about the same entity within
    30 days, or a near-identical narrative."""
    window = Q(received_at__gte=complaint.received_at - dt.timedelta(days=30),
               received_at__lte=complaint.received_at + dt.timedelta(days=30))
    same_contact = Q()
    if complaint.complainant_phone:
        same_contact |= Q(complainant_phone=complaint.complainant_phone)
    if complaint.complainant_email:
        same_contact |= Q(complainant_email__iexact=complaint.complainant_email)
    same_entity = Q()
    for field in ("lender_id", "agency_id"):
        if getattr(complaint, field):
            same_entity |= Q(**{field: getattr(complaint, field)})
    for text_field in ("lender_name", "collector_name"):
        if getattr(complaint, text_field):
            same_entity |= Q(**{f"{text_field}__iexact": getattr(complaint, text_field)})
    matches = Q(pk__in=[])
    if same_contact and same_entity:
        matches |= same_contact & same_entity & window
    if complaint.narrative_fingerprint:
        matches |= Q(narrative_fingerprint=complaint.narrative_fingerprint)
    return Complaint.objects.filter(matches).exclude(pk=complaint.pk).filter(duplicate_of__isnull=True)


def shown_to(user, complaint: Complaint, *, purpose: str, needs_personal_data: bool = True) -> dict:
    """The complainant's details and narrative as this user may see them; unmasked views are logged.

    Lists pass `needs_personal_data=False`: they show everything masked and write no log row per complaint.
    """
    unmasked = needs_personal_data and (user.is_regulator or complaint.consent_to_share)
    if unmasked and (complaint.complainant_name or complaint.complainant_phone or complaint.complainant_email
                     or complaint.narrative):
        PersonalDataAccess.objects.create(user=user, complaint=complaint, purpose=purpose)
    if unmasked:
        return {"name": complaint.complainant_name, "phone": complaint.complainant_phone,
                "email": complaint.complainant_email, "narrative": complaint.narrative, "masked": False}
    return {
        "name": mask_name(complaint.complainant_name), "phone": mask_phone(complaint.complainant_phone),
        "email": mask_email(complaint.complainant_email),
        "narrative": mask_text(complaint.narrative, names=(complaint.complainant_name,)), "masked": True,
    }


def response_timeliness(complaints: QuerySet[Complaint]) -> dict:
    """How many forwarded complaints were answered within their window."""
    forwarded = complaints.filter(forwarded_at__isnull=False)
    return forwarded.aggregate(
        forwarded=Count("pk"),
        answered_in_time=Count("pk", filter=Q(responded_at__isnull=False, responded_at__lte=F("response_due"))),
        answered_late=Count("pk", filter=Q(responded_at__gt=F("response_due"))),
    )


def personal_data_accesses(*, username: str = "", receipt_no: str = ""):
    """Who saw which complainant's unmasked personal data, newest first, for the supervisors' review."""
    accesses = PersonalDataAccess.objects.select_related("user", "complaint").order_by("-at")
    if username:
        accesses = accesses.filter(user__username=username)
    if receipt_no:
        accesses = accesses.filter(complaint__receipt_no=receipt_no)
    return accesses
