"""Changing complaints: intake, triage, forwarding, the entity's response, closing, merging."""

import datetime as dt
import hashlib
import re
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.core.months import month_start
from supervision.metrics.models import default_profile

from .categorise import rules_for, suggest_categories
from .choices import ComplaintStatus, Outcome, Source
from .evidence import check_evidence
from .models import Complaint, ComplaintCategory, ComplaintEvent, Evidence, new_tracking_token, token_digest
from .signals import send_changed

# Which status may follow which: anything else is refused.
TRANSITIONS = {
    ComplaintStatus.RECEIVED: {ComplaintStatus.TRIAGED, ComplaintStatus.CLOSED},
    ComplaintStatus.TRIAGED: {ComplaintStatus.FORWARDED, ComplaintStatus.CLOSED},
    ComplaintStatus.FORWARDED: {ComplaintStatus.RESPONDED, ComplaintStatus.CLOSED},
    ComplaintStatus.RESPONDED: {ComplaintStatus.CLOSED},
    ComplaintStatus.CLOSED: set(),
}


def narrative_fingerprint(narrative: str) -> str:
    """Equal for narratives that differ only in spacing, punctuation, case or digits."""
    letters = re.sub(r"[\W\d_]+", "", (narrative or "").lower())
    return hashlib.sha1(letters.encode()).hexdigest() if len(letters) >= 20 else ""


def _new_receipt_no(day: dt.date) -> str:
    while True:
        receipt = f"TS{day:%Y%m%d}{secrets.randbelow(10**6):06d}"
        if not Complaint.objects.filter(receipt_no=receipt).exists():
            return receipt


def _move(complaint: Complaint, to_status: str, *, by=None, note: str = "") -> None:
    if to_status not in TRANSITIONS[complaint.status]:
        raise ValidationError(
            _("A complaint that is %(current)s cannot become %(target)s.")
            % {"current": complaint.get_status_display(), "target": ComplaintStatus(to_status).label},
            code="invalid_transition",
        )
    ComplaintEvent.objects.create(complaint=complaint, from_status=complaint.status, to_status=to_status, by=by,
                                  note=note[:500])
    complaint.status = to_status


def announce_changed(complaints) -> None:
    """After commit, tell listeners (metrics, dashboards) which months' complaint counts moved."""
    months = {month_start(timezone.localtime(moment).date()) for complaint in complaints
              for moment in (complaint.received_at, complaint.forwarded_at) if moment}
    if months:
        transaction.on_commit(lambda: send_changed(months))


def _set_categories(complaint: Complaint, codes) -> None:
    complaint.category_rows.exclude(code__in=codes).delete()
    existing = set(complaint.category_rows.values_list("code", flat=True))
    ComplaintCategory.objects.bulk_create(
        [ComplaintCategory(complaint=complaint, code=code) for code in dict.fromkeys(codes) if code not in existing]
    )


def complaint_submit(*, data: dict, evidence=(), source: str = Source.WEB) -> tuple[Complaint, str]:
    """Record a public complaint with its evidence; returns it and the private tracking token."""
    kinds = [(upload, check_evidence(upload)) for upload in evidence]  # before anything is stored
    token = new_tracking_token()
    categories = data.pop("categories", [])
    rules = rules_for()
    with transaction.atomic():
        complaint = Complaint.objects.create(
            **data,
            source=source,
            receipt_no=_new_receipt_no(timezone.localdate()),
            tracking_digest=token_digest(token),
            received_at=timezone.now(),
            suggested_categories=suggest_categories(data.get("narrative", ""), rules),
            narrative_fingerprint=narrative_fingerprint(data.get("narrative", "")),
        )
        _set_categories(complaint, categories)
        ComplaintEvent.objects.create(complaint=complaint, to_status=ComplaintStatus.RECEIVED)
        for upload, kind in kinds:
            Evidence.objects.create(
                complaint=complaint, file=upload, content_type=kind.content_type, extension=kind.extension,
                size=upload.size, original_name=re.sub(r"[^\w.\- ]", "_", upload.name.rsplit("/", 1)[-1])[:200],
            )
        announce_changed([complaint])
    return complaint, token


def complaint_for_tracking(*, receipt_no: str, token: str) -> Complaint | None:
    """The complaint a tracking link points to, if the token matches (compared in constant time)."""
    complaint = Complaint.objects.filter(receipt_no=receipt_no).first()
    if complaint and secrets.compare_digest(complaint.tracking_digest, token_digest(token)):
        return complaint
    return None


@transaction.atomic
def complaint_triage(*, complaint: Complaint, by, categories: list[str], lender=None, agency=None,
                     collector_kind: str | None = None, note: str = "") -> Complaint:
    """A supervisor confirms the categories and links the complaint to the register."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _move(complaint, ComplaintStatus.TRIAGED, by=by, note=note)
    complaint.lender = lender or complaint.lender
    complaint.agency = agency or complaint.agency
    if collector_kind:
        complaint.collector_kind = collector_kind
    complaint.save()
    _set_categories(complaint, categories)
    announce_changed([complaint])
    return complaint


@transaction.atomic
def complaint_forward(*, complaint: Complaint, by) -> Complaint:
    """Send a triaged complaint to its lender (and agency); the response clock starts."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.lender_id is None and complaint.agency_id is None:
        raise ValidationError(_("Link the complaint to a lender or an agency before forwarding it."), code="unlinked")
    _move(complaint, ComplaintStatus.FORWARDED, by=by)
    profile = default_profile()
    complaint.rule_profile = profile
    complaint.forwarded_at = timezone.now()
    complaint.response_due = complaint.forwarded_at + dt.timedelta(days=profile.response_window_days)
    complaint.save()
    announce_changed([complaint])
    return complaint


@transaction.atomic
def complaint_respond(*, complaint: Complaint, by, explanation: str, remedy: str, resolution: str) -> Complaint:
    """The entity answers a forwarded complaint."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _move(complaint, ComplaintStatus.RESPONDED, by=by)
    complaint.responded_at = timezone.now()
    complaint.response_explanation, complaint.response_remedy = explanation, remedy
    complaint.response_resolution = resolution
    complaint.save()
    announce_changed([complaint])
    return complaint


@transaction.atomic
def complaint_close(*, complaint: Complaint, by, outcome: str, note: str = "") -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _move(complaint, ComplaintStatus.CLOSED, by=by, note=note)
    complaint.outcome = outcome
    complaint.save()
    announce_changed([complaint])
    return complaint


@transaction.atomic
def complaint_merge(*, duplicate: Complaint, into: Complaint, by) -> Complaint:
    """Close a duplicate, pointing at the complaint that carries on; its categories join that one's."""
    if duplicate.pk == into.pk:
        raise ValidationError(_("A complaint cannot be merged into itself."), code="merge_self")
    duplicate = complaint_close(complaint=duplicate, by=by, outcome=Outcome.MERGED, note=f"merged into {into.receipt_no}")
    duplicate.duplicate_of = into
    duplicate.save(update_fields=["duplicate_of", "updated_at"])
    codes = set(into.category_rows.values_list("code", flat=True)) | set(
        duplicate.category_rows.values_list("code", flat=True)
    )
    _set_categories(into, sorted(codes))
    return duplicate
