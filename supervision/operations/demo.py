"""Demo operations data: a legal hold a supervisor set, and the retention schedule's first run."""

from supervision.accounts.models import User
from supervision.entities.models import Agency

from .holds import hold_set
from .retention import retention_apply


def demo_operations() -> str:
    supervisor = User.objects.filter(username="sam_supervisor").first()
    agency = Agency.objects.order_by("code").last()
    if agency is not None:
        hold_set(kind="agency", subject=agency.code, by=supervisor,
                 reason="Court proceedings against the agency: keep every record about it until they end.")
    run = retention_apply()
    return f"hold on {agency.code if agency else '—'}; retention run {run.counts}"
