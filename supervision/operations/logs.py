"""Log lines as JSON with a request id that follows a request into the Celery tasks it queues.

The id comes from the proxy's X-Request-ID when it looks like one (so one id spans the proxy's log and ours),
else a new one; the response carries it back. Queued tasks carry it in a message header, and a worker sets
it while the task runs, so a report's upload and its validation share one id.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from celery.signals import before_task_publish, task_postrun, task_prerun

request_id: ContextVar[str] = ContextVar("request_id", default="")
HEADER = "request_id"
_ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        token = request_id.set(given if _ACCEPTED.fullmatch(given) else uuid.uuid4().hex)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id.get()
            return response
        finally:
            request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts the current request id (or "") on every record, for the JSON formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


@before_task_publish.connect
def _carry_request_id(headers=None, **kwargs) -> None:
    if headers is not None and request_id.get():
        headers.setdefault(HEADER, request_id.get())


_task_tokens = {}


@task_prerun.connect
def _take_request_id(task_id=None, task=None, **kwargs) -> None:
    if task is None:
        return
    # A custom header arrives as an attribute of the request, or inside its headers, depending on the protocol.
    carried = getattr(task.request, HEADER, None) or (task.request.headers or {}).get(HEADER)
    if carried:
        _task_tokens[task_id] = request_id.set(carried)


@task_postrun.connect
def _drop_request_id(task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id.reset(token)
