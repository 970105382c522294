"""scripts/smoke.sh against gunicorn as production runs it (DEBUG off, deploy/gunicorn.conf.py), started here."""

import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.test_faults import free_port

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


def wait_until_ready(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn stopped"
        try:
            with urllib.request.urlopen(f"{url}/health/live", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("gunicorn did not answer")


@pytest.fixture
def production_server(tmp_path, store):
    """On the local-disk default, and with every file in the object store (then DATA_ROOT does not even exist)."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")} | {
        "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "DATA_ROOT": str(tmp_path / "data"),
        "STATIC_ROOT": str(tmp_path / "static"), "SECURE_SSL_REDIRECT": "false", "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1", "PSEUDONYM_KEY": secrets.token_urlsafe(32),
        **(store.environment if store else {}),
    }
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True,
                       timeout=300)
    process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_smoke_test_passes_against_production_settings(production_server, store, tmp_path):
    result = subprocess.run([str(ROOT / "scripts" / "smoke.sh"), production_server], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all checks passed" in result.stdout
    if store:  # readiness wrote, read and deleted its probe in the bucket, and nothing on local disk
        assert not (tmp_path / "data").exists()


def test_the_smoke_test_fails_where_nothing_answers():
    result = subprocess.run([str(ROOT / "scripts" / "smoke.sh"), f"http://127.0.0.1:{free_port()}"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "FAIL ready" in result.stdout
