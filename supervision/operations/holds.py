"""Setting and lifting legal holds: supervisors name the subject and say why; nothing is ever deleted."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Complaint
from supervision.enforcement.models import EnforcementAction
from supervision.entities.models import Agency, Lender
from supervision.inspections.models import Inspection

from .models import HoldKind, LegalHold

# How a supervisor names each kind of subject: a complaint by its receipt number, an entity by its code, a case
# by its number.
SUBJECTS = {
    HoldKind.COMPLAINT: (Complaint, "receipt_no"),
    HoldKind.LENDER: (Lender, "code"),
    HoldKind.AGENCY: (Agency, "code"),
    HoldKind.INSPECTION: (Inspection, "pk"),
    HoldKind.ACTION: (EnforcementAction, "pk"),
}


def hold_set(*, kind: str, subject: str, reason: str, by) -> LegalHold:
    if kind not in SUBJECTS:
        raise ValidationError(_("Choose what the hold is on."), code="kind")
    if not reason.strip():
        raise ValidationError(_("Say why the hold is set."), code="reason_required")
    model, field = SUBJECTS[kind]
    value = subject.strip()
    found = model.objects.filter(**{field: value}).first() if field != "pk" or value.isdigit() else None
    if found is None:
        raise ValidationError(_("Nothing of that kind is named %(subject)s.") % {"subject": value}, code="subject")
    return LegalHold.objects.create(kind=kind, **{kind: found}, reason=reason.strip()[:500], set_by=by)


def hold_lift(*, hold: LegalHold, reason: str, by) -> LegalHold:
    if hold.lifted_at:
        raise ValidationError(_("This hold was already lifted."), code="lifted")
    if not reason.strip():
        raise ValidationError(_("Say why the hold is lifted."), code="reason_required")
    hold.lifted_at, hold.lifted_by, hold.lift_reason = timezone.now(), by, reason.strip()[:500]
    hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    return hold
