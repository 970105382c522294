"""Liveness and readiness, with a Redis of the test's own stopped and started again."""

import datetime as dt

import pytest
from django.utils import timezone

from supervision.operations.health import heartbeat_record
from supervision.operations.models import Heartbeat
from tests.test_faults import private_redis  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def test_live_answers_without_a_login(client):
    response = client.get("/health/live")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_ready_on_the_embedded_default_says_what_it_does_not_use(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # as with no REDIS_URL: tasks in the web process, no broker, no beat
    response = client.get("/health/ready")
    assert response.status_code == 200, response.json()
    checks = response.json()["checks"]
    assert {name: check["state"] for name, check in checks.items()} == {
        "database": "ok", "cache": "ok", "broker": "not used", "data_store": "ok", "beat": "not used"}
    assert all(isinstance(check["ms"], float) for check in checks.values())


@pytest.fixture
def on_redis(settings, private_redis):  # noqa: F811
    """The cache and the broker on a private Redis; the scheduler's heartbeat fresh."""
    settings.CACHES = {"default": {"BACKEND": "supervision.core.cache.TolerantRedisCache",
                                   "LOCATION": private_redis.url}}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = private_redis.url
    heartbeat_record()
    return private_redis


def test_ready_turns_503_while_redis_is_down_and_back_when_it_returns(client, on_redis):
    assert client.get("/health/ready").status_code == 200
    on_redis.stop()
    down = client.get("/health/ready")
    assert down.status_code == 503 and down.json()["status"] == "failing"
    states = {name: check["state"] for name, check in down.json()["checks"].items()}
    assert states == {"database": "ok", "cache": "failing", "broker": "failing", "data_store": "ok", "beat": "ok"}
    assert str(on_redis.port) not in down.content.decode()  # no address, no exception text
    on_redis.start()
    assert client.get("/health/ready").status_code == 200


def test_ready_fails_when_the_scheduler_has_not_run_lately(client, on_redis, settings):
    Heartbeat.objects.filter(name="beat").update(at=timezone.now() - dt.timedelta(seconds=settings.HEALTH_BEAT_MAX_AGE
                                                                                          + 1))
    response = client.get("/health/ready")
    assert response.status_code == 503 and response.json()["checks"]["beat"]["state"] == "failing"
    heartbeat_record()
    assert client.get("/health/ready").status_code == 200


def test_ready_fails_when_the_data_store_cannot_be_written(client, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data store should be")
    settings.DATA_ROOT = blocked
    response = client.get("/health/ready")
    assert response.status_code == 503 and response.json()["checks"]["data_store"]["state"] == "failing"
