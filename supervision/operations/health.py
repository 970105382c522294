"""Liveness and readiness: each dependency checked by a plain function that answers a Check; and the answer to a
request that needed the data store while it was down.

Nothing sensitive leaves here: a failed check says what is wrong in a few words, never an exception's text
(which can hold host names, users or paths).
"""

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.core.errors import error_response
from supervision.reporting import storage

from .models import Heartbeat

logger = logging.getLogger(__name__)

BEAT = "beat"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: not used in this deployment (the embedded default has no broker and no beat)
    ms: float
    detail: str = ""

    @property
    def state(self) -> str:
        return {True: "ok", False: "failing", None: "not used"}[self.ok]


def _timed(name: str, probe: Callable[[], tuple[bool | None, str]]) -> Check:
    started = time.perf_counter()
    try:
        ok, detail = probe()
    except Exception:  # any failure of a dependency is "failing"; its text stays in no answer
        ok, detail = False, "unreachable"
    return Check(name, ok, round((time.perf_counter() - started) * 1000, 1), detail)


def _database() -> tuple[bool, str]:
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return (not pending, f"{len(pending)} migrations not applied" if pending else "")


def _cache() -> tuple[bool, str]:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)  # the product's cache shrugs off a Redis outage, so read the value back
    answered = cache.get(key) == "1"
    cache.delete(key)
    return answered, "" if answered else "no answer"


def _broker() -> tuple[bool | None, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None, "tasks run in the web process"
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as connection:
        connection.ensure_connection(max_retries=1, timeout=2)
    return True, ""


def _data_store() -> tuple[bool, str]:
    """A file written on scratch, published into the data store (folder or bucket), read back and deleted."""
    relative = f"health/probe-{uuid.uuid4().hex}"
    with storage.scratch_folder() as scratch:
        (scratch / "probe").write_bytes(b"ok")
        storage.publish(scratch / "probe", relative)
    try:
        with storage.open_file(relative) as probe:
            return probe.read() == b"ok", ""
    finally:
        storage.delete(relative)


def _beat() -> tuple[bool | None, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None, "no scheduler with tasks run in the web process"
    beat = Heartbeat.objects.filter(name=BEAT).first()
    if beat is None:
        return False, "never ran"
    age = (timezone.now() - beat.at).total_seconds()
    return age <= settings.HEALTH_BEAT_MAX_AGE, f"last ran {age:.0f} s ago"


CHECKS = {"database": _database, "cache": _cache, "broker": _broker, "data_store": _data_store, "beat": _beat}


def readiness() -> list[Check]:
    return [_timed(name, probe) for name, probe in CHECKS.items()]


def heartbeat_record(name: str = BEAT) -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"at": timezone.now()})


# Seconds a caller is told to wait before sending again what the data store could not take.
STORE_RETRY_AFTER = 120


class DataStoreDownMiddleware:
    """A request that needed the data store while it did not answer is told so (503, Retry-After, in the caller's
    language) rather than given a server error: nothing of it was stored (an upload is stored before anything
    points at it, and a complaint with its evidence in one transaction), so the same request sent later succeeds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not storage.unreachable(exception):
            return None
        logger.warning("data store did not answer: %s %s refused (%s)", request.method, request.path,
                       type(exception).__name__)
        response = error_response(
            request, _("The data store does not answer just now, so nothing was stored. Please send it again in a "
                       "few minutes."), code="store_unavailable", status=503)
        response["Retry-After"] = str(STORE_RETRY_AFTER)
        return response
