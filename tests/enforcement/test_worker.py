"""The daily deadline job on a real Celery worker over Redis."""

import datetime as dt

import pytest

from supervision.enforcement.models import EnforcementAction
from supervision.enforcement.services import action_issue
from supervision.enforcement.tasks import enforcement_deadlines_task
from tests.celery_worker import Worker, celery_queue, needs_redis

pytestmark = [needs_redis, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_deadline_job_on_a_worker_marks_overdue_once(agency_a, tmp_path):
    action_issue(by=None, kind="rectification_order", legal_basis="x", issued_on=dt.date(2020, 1, 1),
                 deadline=dt.date.today() - dt.timedelta(days=1), agency=agency_a)
    with celery_queue() as queue:
        worker = Worker(queue, tmp_path / "worker.log").start()
        try:
            first = enforcement_deadlines_task.delay().get(timeout=60)
            second = enforcement_deadlines_task.delay().get(timeout=60)
        finally:
            worker.stop()
    assert first == {"overdue": 1, "escalated": 0} and second == {"overdue": 0, "escalated": 0}
    assert EnforcementAction.objects.get().state == "overdue"
