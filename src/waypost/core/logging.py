"""Log formatting (WAYPOST_LOG_JSON=1: one JSON object per line) and the privacy filter.

Some paths must leave no trace in the logs: a log line saying that someone opened the
confidential reporting pages at 21:04 from an address is exactly what a reporter must not
leave behind. Apps register such paths (``private_path_register``); the privacy filter,
set on every handler in settings.LOGGING, drops the request lines about them and strips the
request from the errors it keeps. On handlers, not loggers, because a logger's filters see
only what is logged on that very logger: ``django.security.DisallowedHost`` and its
siblings propagate to the root handlers past any filter set on ``django.security``.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

_PRIVATE_PATHS: list[re.Pattern[str]] = []
# Loggers that describe requests: the filter is also set on them directly, for handlers
# added outside settings.LOGGING (a deployment's error tracker) that hook into loggers.
REQUEST_LOGGERS = ("django.request", "django.server", "django.security.csrf", "waitress")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def private_path_register(pattern: re.Pattern[str]) -> None:
    """Keep requests to paths matching ``pattern`` out of every log (idempotent)."""
    if pattern not in _PRIVATE_PATHS:
        _PRIVATE_PATHS.append(pattern)


def is_private_path(path: str) -> bool:
    return any(pattern.search(path) for pattern in _PRIVATE_PATHS)


class PrivacyFilter(logging.Filter):
    """Drop request log lines for private paths; keep errors, stripped of the request.

    A suspicious request (``django.security.*``: a forged Host header, a body over the
    limit) keeps only its kind: the exception's message is the client's own text.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        path = _record_path(record)
        if path is None or not is_private_path(path):
            return True
        if record.levelno < logging.ERROR:
            return False
        if record.name.startswith("django.security."):
            record.msg = "Suspicious request on a private path refused (%s; details withheld)."
            record.args = (record.name.removeprefix("django.security."),)
            record.exc_info = None
            record.exc_text = None
        else:
            record.msg = "Server error on a private path (request details withheld)."
            record.args = ()
        record.request = None
        return True


def _record_path(record: logging.LogRecord) -> str | None:
    request = getattr(record, "request", None)
    path = getattr(request, "path", None)
    if isinstance(path, str):
        return path
    # django.request: "Not Found: %s" % path; django.server: "%s" % "GET /path HTTP/1.1".
    args = record.args if isinstance(record.args, tuple) else ()
    for text in (*[a for a in args if isinstance(a, str)], str(record.msg)):
        for token in text.split(" "):
            if token.startswith("/"):
                return token
    return None


_FILTER = PrivacyFilter()


def request_loggers_protect() -> None:
    """Set the privacy filter on the loggers that describe requests (idempotent)."""
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, PrivacyFilter) for f in logger.filters):
            logger.addFilter(_FILTER)
