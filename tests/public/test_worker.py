"""The publication job on a real Celery worker over Redis: it publishes once, and a second run changes nothing."""

import pytest

from supervision.public.models import PublishedComplaint
from supervision.public.tasks import publication_task
from tests.celery_worker import Worker, celery_queue, needs_redis
from tests.public.test_publication import file

pytestmark = [needs_redis, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_the_publication_job_on_a_worker_is_idempotent(lender_a, agency_a, sam_supervisor, alice_agency, tmp_path):
    complaint = file(lender_a, agency_a, sam_supervisor, respond=alice_agency)
    with celery_queue() as queue:
        worker = Worker(queue, tmp_path / "worker.log").start()
        try:
            first = publication_task.delay().get(timeout=60)
            second = publication_task.delay().get(timeout=60)
        finally:
            worker.stop()
    assert first == {"published": 1, "updated": 0, "withdrawn": 0}
    assert second == {"published": 0, "updated": 0, "withdrawn": 0}
    assert PublishedComplaint.objects.get().complaint_id == complaint.pk
