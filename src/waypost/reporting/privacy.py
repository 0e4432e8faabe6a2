"""What the reporting paths never keep: client addresses, user agents, precise times.

Throttling wrong receipts needs to recognise "the same client" for a few minutes without
remembering who that client is. The counter key is an HMAC of the client's network
(the IPv4 address, or the /64 prefix of an IPv6 address, which one phone can rotate
within) with a key derived from the secret key and today's date. Only the counter lives,
in the cache (process memory, or Redis when configured), and it expires on its own after
``RECEIPT_THROTTLE_SECONDS``. The address itself is never written to the database, the
cache or a log; the HMAC cannot be reversed without the secret key, and changes each day,
so counters cannot be linked across days even by someone holding a cache dump.

Django's request and development-server loggers are filtered so that nothing about a
request to these paths (address, path, user agent) reaches a log line.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import re
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

# 20 wrong receipts in a row from one client are refused (429) until the counter expires;
# a correct receipt ends the streak (a reporter who mistyped, then got it right, starts
# afresh).
RECEIPT_FAILURES_ALLOWED = 20
RECEIPT_THROTTLE_SECONDS = 15 * 60
# Wrong receipts from one client in an hour, whatever came between them. Without this
# ceiling, anyone holding one valid receipt (their own) could reset the streak every 19
# guesses and guess forever.
RECEIPT_FAILURES_CEILING = 100
RECEIPT_CEILING_SECONDS = 60 * 60
# New reports from one client: generous for a family or an information point sharing a
# connection, but a stop for scripted floods.
SUBMISSIONS_ALLOWED = 30
SUBMISSION_WINDOW_SECONDS = 60 * 60

REPORTING_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?(?:report|reports)/|^/api/v1/reports/")


def today() -> date:
    """The only time kept about a reporter: the day, in UTC."""
    return timezone.now().date()


def _client_network(request: HttpRequest) -> str:
    raw = request.META.get("REMOTE_ADDR", "") or ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def client_key(request: HttpRequest, purpose: str) -> str:
    """An opaque cache key for this client and purpose, valid for today only."""
    day_key = hmac.new(
        settings.SECRET_KEY.encode("utf-8"),
        f"waypost.reporting.throttle:{today().isoformat()}".encode(),
        hashlib.sha256,
    ).digest()
    digest = hmac.new(day_key, _client_network(request).encode(), hashlib.sha256).hexdigest()
    return f"waypost:reporting:{purpose}:{digest[:40]}"


class Throttle:
    """A short-lived counter per client, kept in the cache only."""

    def __init__(self, purpose: str, allowed: int, seconds: int) -> None:
        self.purpose, self.allowed, self.seconds = purpose, allowed, seconds

    def _key(self, request: HttpRequest) -> str:
        return client_key(request, self.purpose)

    def blocked(self, request: HttpRequest) -> bool:
        return int(cache.get(self._key(request), 0)) >= self.allowed

    def hit(self, request: HttpRequest) -> None:
        key = self._key(request)
        if not cache.add(key, 1, timeout=self.seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=self.seconds)

    def reset(self, request: HttpRequest) -> None:
        cache.delete(self._key(request))


receipt_streak = Throttle("receipt", RECEIPT_FAILURES_ALLOWED, RECEIPT_THROTTLE_SECONDS)
receipt_ceiling = Throttle("receipt-total", RECEIPT_FAILURES_CEILING, RECEIPT_CEILING_SECONDS)
submission_throttle = Throttle("submit", SUBMISSIONS_ALLOWED, SUBMISSION_WINDOW_SECONDS)


def receipt_wait(request: HttpRequest) -> int:
    """Seconds this client must wait before trying a receipt again; 0: it may try now."""
    if receipt_ceiling.blocked(request):
        return receipt_ceiling.seconds
    if receipt_streak.blocked(request):
        return receipt_streak.seconds
    return 0


def receipt_failed(request: HttpRequest) -> None:
    receipt_streak.hit(request)
    receipt_ceiling.hit(request)


def receipt_succeeded(request: HttpRequest) -> None:
    """A correct receipt ends the streak of wrong ones, never the hourly ceiling."""
    receipt_streak.reset(request)


class ReportingPathFilter(logging.Filter):
    """Drop request log lines for reporting paths; keep errors, stripped of the request."""

    def filter(self, record: logging.LogRecord) -> bool:
        path = _record_path(record)
        if path is None or not REPORTING_PATH.search(path):
            return True
        if record.levelno < logging.ERROR:
            return False
        record.msg = "Server error on a reporting path (request details withheld)."
        record.args = ()
        record.request = None
        record.status_code = getattr(record, "status_code", None)
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


_FILTER = ReportingPathFilter()


def silence_request_logging() -> None:
    """Attach the filter to every logger that may describe a request (idempotent)."""
    for name in ("django.request", "django.server", "django.security.csrf", "waitress"):
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
    # Pillow logs every EXIF tag it reads at DEBUG (GPS position, camera serial): never.
    logging.getLogger("PIL").setLevel(logging.INFO)
