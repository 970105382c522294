"""What Prometheus scrapes: the product's own counters and histograms, and figures read from the database.

Events (a report's outcome, how long validation and metrics took) are counted where they happen, in whichever
process: with PROMETHEUS_MULTIPROC_DIR set for the web and the worker processes of a host (deploy/), one scrape
sums them all. Figures that the database already knows (complaints received, responses overdue, alerts, the
publication lag, queue lengths) are read from it at scrape time, so every process answers alike.
"""

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from celery.signals import task_postrun, task_prerun
from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

REPORTS = Counter("supervision_reports", "Reports by outcome: received, then accepted or rejected (with the stage "
                  "that refused it: reading the files, or checking the cells)", ["outcome", "stage"])
VALIDATION_SECONDS = Histogram("supervision_report_validation_seconds", "Time to validate and store a report",
                               buckets=(0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800))
VALIDATION_ROWS_PER_SECOND = Histogram(
    "supervision_report_validation_rows_per_second", "Contacts validated per second, per report",
    buckets=(1e3, 1e4, 5e4, 1e5, 2.5e5, 5e5, 1e6, 2e6))
METRICS_SECONDS = Histogram("supervision_metrics_compute_seconds", "Time to compute a month's metrics",
                            ["scope"], buckets=(0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600))
TASKS_RUNNING = Gauge("supervision_tasks_running", "Tasks running now, per queue", ["queue"],
                      multiprocess_mode="livesum")


@task_prerun.connect
def _task_started(task=None, **kwargs) -> None:
    TASKS_RUNNING.labels(queue=_queue_of(task)).inc()


@task_postrun.connect
def _task_ended(task=None, **kwargs) -> None:
    TASKS_RUNNING.labels(queue=_queue_of(task)).dec()


def _queue_of(task) -> str:
    delivery = getattr(getattr(task, "request", None), "delivery_info", None) or {}
    return delivery.get("routing_key") or settings.CELERY_TASK_DEFAULT_QUEUE


@contextmanager
def timed(histogram: Histogram, **labels) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        (histogram.labels(**labels) if labels else histogram).observe(time.perf_counter() - started)


class DatabaseFigures:
    """Figures read from the database when scraped."""

    def collect(self):
        from complaints.models import Complaint, ComplaintStatus
        from supervision.metrics.models import Alert
        from supervision.public.models import PublicationRun

        received = CounterMetricFamily("supervision_complaints_received", "Complaints received (merged duplicates "
                                       "included)")
        received.add_metric([], Complaint.objects.count())
        yield received
        overdue = GaugeMetricFamily("supervision_complaint_responses_overdue",
                                    "Forwarded complaints past their response deadline without an answer")
        overdue.add_metric([], Complaint.objects.filter(status=ComplaintStatus.FORWARDED, responded_at__isnull=True,
                                                        response_due__lt=timezone.now()).count())
        yield overdue
        alerts = CounterMetricFamily("supervision_alerts_raised", "Alerts raised, by kind", labels=["kind"])
        for kind, n in Alert.objects.order_by().values_list("kind").annotate(n=Count("pk")):
            alerts.add_metric([kind], n)
        yield alerts
        lag = GaugeMetricFamily("supervision_publication_lag_seconds",
                                "Seconds since the publication job last finished (-1: never)")
        last = PublicationRun.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()
        lag.add_metric([], (timezone.now() - last.finished_at).total_seconds() if last else -1)
        yield lag
        queued = GaugeMetricFamily("supervision_tasks_queued", "Tasks waiting in the broker, per queue",
                                   labels=["queue"])
        for queue, length in _queue_lengths().items():
            queued.add_metric([queue], length)
        yield queued


def _queue_lengths() -> dict[str, int]:
    """The Redis broker keeps each queue as a list; nothing to count when tasks run in the web process."""
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_BROKER_URL.startswith("redis"):
        return {}
    import redis

    queues = {settings.CELERY_TASK_DEFAULT_QUEUE}
    try:
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=1, socket_connect_timeout=1)
        return {queue: client.llen(queue) for queue in sorted(queues)}
    except redis.RedisError:
        return {}


def exposition() -> bytes:
    """Everything, in Prometheus' text format: this process's instruments (or every process's, in multiprocess
    mode), django-prometheus' request figures, and the database figures."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(DatabaseFigures())
    return generate_latest(registry)


class _ThisProcess:
    """The default registry's figures (this process's instruments and django-prometheus'), passed through."""

    def collect(self):
        return REGISTRY.collect()
