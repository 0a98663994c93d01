"""Log lines an operator can search: one line per record, traceback included, each carrying the
request's id and path; JSON when DJANGO_LOG_FORMAT=json."""

import json
import logging
from contextvars import ContextVar

# The request being served by this thread, set by RequestIDMiddleware.
current_request: ContextVar = ContextVar("current_request", default=None)


class RequestContextFilter(logging.Filter):
    """Add `request_id` and `path` to every record ("-" outside a request)."""

    def filter(self, record):
        request = getattr(record, "request", None) or current_request.get()
        record.request_id = getattr(request, "id", "-")
        record.path = getattr(request, "path", "-")
        return True


class OneLineFormatter(logging.Formatter):
    """The usual text, with a traceback's line breaks escaped so one record is one line."""

    def __init__(self):
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s path=%(path)s %(message)s"
        )

    def format(self, record):
        return super().format(record).replace("\n", "\\n")


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, path, traceback."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "path": getattr(record, "path", "-"),
        }
        if status := getattr(record, "status_code", None):
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
