"""Error answers: JSON under /api/ (as its schema says, `{"detail", "code"}`), HTML for people."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def is_api_request(request) -> bool:
    return request.path.startswith("/api/")


def api_error(message: str, *, code: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message, "code": code}, status=status)


def error_response(request, message: str, *, code: str, status: int) -> HttpResponse:
    """The error as the caller reads it: JSON for the API, plain text otherwise."""
    if is_api_request(request):
        return api_error(message, code=code, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    if is_api_request(request):
        return api_error(_("Not found."), code="not_found", status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api_request(request):
        return api_error(_("Server error."), code="server_error", status=500)
    return defaults.server_error(request)
