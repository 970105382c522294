"""A real Celery worker on Redis, in its own process group, for tests that need one."""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from supervision.celery import app

ROOT = Path(__file__).resolve().parent.parent

needs_redis = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: no broker to test on")


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, queue: str, log: Path, **settings_env: str):
        self.queue, self.log, self.settings_env = queue, log, settings_env
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        env = os.environ | {
            "DATABASE_URL": _database_url(),
            "DATA_ROOT": str(settings.DATA_ROOT),
            "PSEUDONYM_KEY": settings.PSEUDONYM_KEY,
            "DJANGO_SETTINGS_MODULE": "supervision.settings",
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,  # what the worker's own tasks send stays in this test
            "CELERY_RESULT_BACKEND": os.environ["REDIS_URL"],  # tests read what the tasks returned
            **self.settings_env,
        }
        command = [
            sys.executable, "-m", "celery", "-A", "supervision", "worker", "-Q", self.queue, "-c", "1",
            "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log.open("a"), stderr=subprocess.STDOUT, start_new_session=True
        )
        return self

    def kill(self) -> None:
        """SIGKILL the worker and its pool children at once, as a crash would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def _forget_backend() -> None:
    """Celery builds its result backend once; make it build it again from the changed settings."""
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def celery_queue():
    """Send tasks to a queue of this test's own, so no stale message from another run reaches it, and
    read their results from Redis (the product itself keeps no results)."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_default_queue, app.conf.result_backend
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    app.conf.result_backend = os.environ["REDIS_URL"]
    _forget_backend()
    try:
        yield queue
    finally:
        app.conf.task_default_queue, app.conf.result_backend = previous
        _forget_backend()
        app.conf.task_always_eager = True


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
