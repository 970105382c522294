from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from supervision.accounts.permissions import supervisor_required

from .access import monitoring_allowed
from .health import readiness
from .holds import hold_lift, hold_set
from .models import HoldKind, LegalHold, RetentionRun
from .monitoring import exposition


@never_cache
@require_GET
def live(request):
    """The process answers: nothing else is looked at."""
    return JsonResponse({"status": "ok", "at": timezone.now().isoformat()})


@never_cache
@require_GET
def ready(request):
    """Every dependency the product needs to serve: 200 when all that are used answer, else 503."""
    checks = readiness()
    failing = any(check.ok is False for check in checks)
    return JsonResponse({
        "status": "failing" if failing else "ok", "at": timezone.now().isoformat(),
        "checks": {check.name: {"state": check.state, "ms": check.ms, "detail": check.detail} for check in checks},
    }, status=503 if failing else 200)


@never_cache
@require_GET
def prometheus(request):
    """The monitoring figures, for a caller with the token or from an allowed address; 403 for anyone else."""
    if not monitoring_allowed(request):
        return HttpResponseForbidden("Monitoring needs the token or an allowed address.\n", content_type="text/plain")
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)


@supervisor_required
def holds(request):
    """Legal holds: the active ones first, each lifted with a reason; a form to set one."""
    if request.method == "POST":
        try:
            if request.POST.get("lift"):
                hold_lift(hold=get_object_or_404(LegalHold, pk=request.POST["lift"]),
                          reason=request.POST.get("reason", ""), by=request.user)
                messages.success(request, _("The hold is lifted."))
            else:
                hold_set(kind=request.POST.get("kind", ""), subject=request.POST.get("subject", ""),
                         reason=request.POST.get("reason", ""), by=request.user)
                messages.success(request, _("The hold is set: the retention schedule leaves its subject alone."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("operations:holds")
    return render(request, "operations/holds.html", {
        "holds": LegalHold.objects.select_related("complaint", "lender", "agency", "inspection", "action", "set_by",
                                                  "lifted_by").order_by("lifted_at", "-set_at")[:200],
        "kinds": HoldKind.choices, "runs": RetentionRun.objects.all()[:10],
    })
