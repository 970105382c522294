# gunicorn's settings for a 2-core machine, chosen by measurement (bench/dashboard.py --gunicorn, figures in
# bench/README.md): start it from the repository's top with `gunicorn -c deploy/gunicorn.conf.py`.
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "sync"
timeout = 120  # an upload of a month's contacts is streamed to disk within this
wsgi_app = "supervision.wsgi"


def post_worker_init(worker):
    # Each worker builds the public search index (seconds, for a million complaints) before taking requests.
    from supervision.public.index import warm

    warm()


def child_exit(server, worker):
    # A worker's live gauges (tasks running) leave the Prometheus figures with it (PROMETHEUS_MULTIPROC_DIR set).
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
