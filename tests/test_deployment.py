"""Production settings pass Django's deployment checks, and the API schema is valid."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def test_deploy_checks_are_clean_with_debug_off():
    """The settings module itself, loaded as production loads it (not patched in this process)."""
    env = os.environ | {"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "supervision.example"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_openapi_schema_is_valid_and_complete(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in ("/api/v1/reports/", "/api/v1/complaints/", "/api/v1/complaints/stats/", "/api/v1/metrics/",
                 "/api/v1/lenders/", "/api/v1/alerts/"):
        assert f"{path}:" in text
