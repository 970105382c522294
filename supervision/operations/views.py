from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from .access import monitoring_allowed
from .health import readiness
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
