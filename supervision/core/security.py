"""The Permissions-Policy header (Django's SecurityMiddleware and django-csp set the others), and requests refused
before any view sees them."""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import error_response


class PermissionsPolicyMiddleware:
    """No page of ours uses the camera, the microphone, the location, payments or USB."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class NulCharacterMiddleware:
    """Refuse a NUL character in the path, the query string or a form body (400).

    No input of ours has a use for one, and PostgreSQL refuses it in text, so a NUL that reached a
    query would turn a bad request into a server error. Multipart bodies are left to the forms (their
    fields refuse NUL) so that large uploads are never read here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = [request.path.encode(), unquote_to_bytes(request.META.get("QUERY_STRING", ""))]
        if request.content_type == "application/x-www-form-urlencoded":
            raw.append(unquote_to_bytes(request.body))
        if any(b"\x00" in part for part in raw):
            return error_response(request, _("The request contains a NUL character."), code="nul_character",
                                  status=400)
        return self.get_response(request)
