"""Changing complaints: intake, triage, forwarding, the entity's response, closing, merging."""

import datetime as dt
import hashlib
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from supervision.core.files import atomic_with_files
from supervision.core.labels import label
from supervision.core.months import month_start
from supervision.rules.models import default_profile

from .categorise import rules_for, suggest_categories
from .choices import ComplaintStatus, Outcome, ResponseType, Source
from .evidence import check_evidence
from .models import (
    Complaint,
    ComplaintCategory,
    ComplaintEvent,
    ComplaintReminder,
    Evidence,
    ReminderKind,
    new_tracking_token,
    token_digest,
)
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
    with atomic_with_files() as stored:
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
            stored.append(Evidence.objects.create(
                complaint=complaint, file=upload, content_type=kind.content_type, extension=kind.extension,
                size=upload.size, original_name=re.sub(r"[^\w.\- ]", "_", upload.name.rsplit("/", 1)[-1])[:200],
            ).file)
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
def complaint_respond(*, complaint: Complaint, by, explanation: str, remedy: str, resolution: str,
                      response_type: str = ResponseType.WITH_EXPLANATION, public_statement: str = "") -> Complaint:
    """The entity answers a forwarded complaint; the response type and statement are what the public sees."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _move(complaint, ComplaintStatus.RESPONDED, by=by)
    complaint.responded_at = timezone.now()
    complaint.response_explanation, complaint.response_remedy = explanation, remedy
    complaint.response_resolution = resolution
    complaint.response_type, complaint.public_statement = response_type, public_statement
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


@transaction.atomic
def complaint_assign(*, complaint: Complaint, by, assignee) -> Complaint:
    """Give a complaint to one of the regulator's staff (or to nobody); an internal event records it."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if assignee is not None and not assignee.is_regulator:
        raise ValidationError(_("Only regulator staff can be assigned a complaint."), code="not_staff")
    complaint.assignee = assignee
    complaint.save(update_fields=["assignee", "updated_at"])
    ComplaintEvent.objects.create(complaint=complaint, from_status=complaint.status, to_status=complaint.status, by=by,
                                  internal=True, note=_("Assigned to %(user)s") % {"user": assignee or "—"})
    return complaint


BULK_ACTIONS = ("assign", "forward", "duplicate", "close")


@transaction.atomic
def complaints_bulk(*, complaints, action: str, by, assignee=None, duplicate_of: Complaint | None = None,
                    outcome: str = "") -> int:
    """One action on every selected complaint, one event each, all or nothing: the first complaint that cannot
    take it stops the batch with a message naming it."""
    if action not in BULK_ACTIONS:
        raise ValidationError(_("Unknown action."), code="unknown_action")
    if action == "duplicate" and duplicate_of is None:
        raise ValidationError(_("Give the receipt number of the complaint these duplicate."), code="duplicate_of")
    if action == "close" and (outcome not in Outcome.values or outcome == Outcome.MERGED):
        raise ValidationError(_("Choose the outcome."), code="outcome")
    done = 0
    for complaint in complaints.order_by("pk"):
        try:
            if action == "assign":
                complaint_assign(complaint=complaint, by=by, assignee=assignee)
            elif action == "forward":
                complaint_forward(complaint=complaint, by=by)
            elif action == "duplicate":
                complaint_merge(duplicate=complaint, into=duplicate_of, by=by)
            else:
                complaint_close(complaint=complaint, by=by, outcome=outcome)
        except ValidationError as error:
            raise ValidationError(_("%(receipt)s: %(reason)s") % {"receipt": complaint.receipt_no,
                                                                   "reason": " ".join(error.messages)},
                                  code=error.code if hasattr(error, "code") else "invalid") from None
        done += 1
    return done


REMINDER_LEAD = dt.timedelta(days=2)


def complaint_reminders_send(*, now: dt.datetime | None = None) -> dict[str, int]:
    """E-mail the entity two days before a forwarded complaint's response is due, and once it is overdue:
    each kind once per complaint (a unique reminder row claims it, so two runs never both send)."""
    now = now or timezone.now()
    waiting = Complaint.objects.filter(status=ComplaintStatus.FORWARDED, responded_at__isnull=True)
    batches = {
        ReminderKind.DUE_SOON: waiting.filter(response_due__gt=now, response_due__lte=now + REMINDER_LEAD),
        ReminderKind.OVERDUE: waiting.filter(response_due__lte=now),
    }
    sent = {}
    for kind, complaints in batches.items():
        sent[kind] = 0
        for complaint in complaints.exclude(reminders__kind=kind).select_related("lender", "agency").iterator():
            with transaction.atomic():
                reminder, created = ComplaintReminder.objects.get_or_create(complaint=complaint, kind=kind)
                if not created:
                    continue
                recipients = _entity_emails(complaint)
                reminder.recipients = len(recipients)
                reminder.save(update_fields=["recipients"])
                if recipients:
                    transaction.on_commit(lambda complaint=complaint, kind=kind, recipients=recipients:
                                          _remind(complaint, kind, recipients))
                    sent[kind] += 1
    return sent


def _entity_emails(complaint: Complaint) -> list[str]:
    users = [entity.users.filter(is_active=True) for entity in (complaint.lender, complaint.agency) if entity]
    return sorted({email for queryset in users for email in queryset.values_list("email", flat=True) if email})


def _remind(complaint: Complaint, kind: str, recipients: list[str]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        due = timezone.localtime(complaint.response_due).strftime("%Y-%m-%d %H:%M")
        if kind == ReminderKind.DUE_SOON:
            subject = _("Complaint %(receipt)s: your response is due by %(due)s") % {
                "receipt": complaint.receipt_no, "due": due}
        else:
            subject = _("Complaint %(receipt)s: your response is overdue (it was due by %(due)s)") % {
                "receipt": complaint.receipt_no, "due": due}
        categories = "、".join(label("category", code) for code in complaint.category_rows.values_list("code", flat=True))
        body = "\n".join([subject, "", _("Categories: %(list)s") % {"list": categories or "—"},
                           _("Answer it on the complaint's page: %(path)s") % {"path": complaint.get_absolute_url()}])
    send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)
