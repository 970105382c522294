"""Response headers Django's SecurityMiddleware does not set: the Content-Security-Policy and
the Permissions-Policy."""

from django.conf import settings


class SecurityHeadersMiddleware:
    """Only our own scripts, styles and images run; nothing may frame us or be framed by us."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
