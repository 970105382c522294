"""Production settings pass Django's deployment checks, and the API schema is valid."""

import io

import pytest
from django.core.management import call_command


def test_deploy_checks_are_clean(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "x" * 64 + "-a-long-random-production-key-0123456789"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    call_command("check", "--deploy", "--fail-level", "WARNING", stdout=io.StringIO())


@pytest.mark.django_db
def test_openapi_schema_is_valid_and_complete(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in ("/api/v1/reports/", "/api/v1/complaints/", "/api/v1/complaints/stats/", "/api/v1/metrics/",
                 "/api/v1/lenders/", "/api/v1/alerts/"):
        assert f"{path}:" in text
