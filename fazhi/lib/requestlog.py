"""A request id for every request: taken from the load balancer's X-Request-ID when it is a
plausible id, made up otherwise, echoed in the answer's X-Request-ID header and added to every
log line written while the request runs (RequestIdFilter), so one user's complaint leads to the
lines of every app server and layer that handled it.

Log lines never carry personal data: the request line has the method, the path without its query
string (filters may name a person), the status, the duration and the user's numeric id.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid

from django.core.signals import request_finished

HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

log = logging.getLogger("fazhi.request")


def current_request_id() -> str:
    """The id of the request this thread is handling, "-" outside a request."""
    return _current.get()


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (attach it to the handlers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _current.get()
        return True


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Kept until the answer is sent (request_finished): Django logs a 4xx/5xx after the
        # middleware has returned.
        _current.set(request_id)
        began = time.perf_counter()
        response = self.get_response(request)
        response.headers[HEADER] = request_id
        if log.isEnabledFor(logging.INFO):
            user = getattr(request, "user", None)
            log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - began) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
        return response


def _forget(**kwargs) -> None:
    _current.set("-")


request_finished.connect(_forget, dispatch_uid="fazhi.lib.requestlog")
