"""The scheduled proposal job on a real Celery worker over Redis: run twice, it proposes nothing twice."""

import pytest

from supervision.inspections.models import Inspection
from supervision.inspections.tasks import inspections_propose_task
from tests.celery_worker import Worker, celery_queue, needs_redis
from tests.inspections.test_workflow import risk_scores  # noqa: F401 (fixture)

pytestmark = [needs_redis, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_proposal_job_on_a_worker_is_idempotent(risk_scores, tmp_path):  # noqa: F811
    with celery_queue() as queue:
        worker = Worker(queue, tmp_path / "worker.log").start()
        try:
            first = inspections_propose_task.delay(capacity=3).get(timeout=60)
            second = inspections_propose_task.delay(capacity=3).get(timeout=60)
        finally:
            worker.stop()
    assert len(first) == 3 and second == []  # three entities have scores: all proposed once, none again
    assert Inspection.objects.filter(state="proposed").count() == 3
