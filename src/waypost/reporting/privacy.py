"""What the reporting paths never keep: client addresses, user agents, precise times.

Throttling wrong receipts needs to recognise "the same client" for a few minutes without
remembering who that client is. The counter key is an HMAC of the client's network
(the IPv4 address, or the /64 prefix of an IPv6 address, which one phone can rotate
within) with a key derived from the secret key and today's date. Only the counter lives,
in the cache (process memory, or Redis when configured), and it expires on its own after
``RECEIPT_THROTTLE_SECONDS``. The address itself is never written to the database, the
cache or a log; the HMAC cannot be reversed without the secret key, and changes each day,
so counters cannot be linked across days even by someone holding a cache dump.

Behind a reverse proxy there is no client address to key on: the recommended deployment
(docs/deployment.md) does not forward ``X-Forwarded-For``, precisely so that Waypost never
learns who connects, and every request then comes from the proxy. Per-client limits would
become one bucket for everybody, so that one person typing 20 wrong receipts would lock
every reporter out. Requests from a proxy (a missing address such as a Unix socket, or an
address listed in ``WAYPOST_REPORTING_PROXY_ADDRESSES``, which the deployment guide sets to
the loopback addresses nginx connects from) therefore count
against a deliberately global *flood guard* instead: limits sized for the whole service,
short windows, and no per-client streak. Per-client limits, when wanted, belong in the
proxy, which sees the address and can keep it in memory only (nginx ``limit_req``; see
docs/reporting.md). We do not trust ``X-Forwarded-For`` instead: it would make Waypost
handle reporters' addresses again, and anyone can forge it when the proxy is bypassed.

Requests to these paths are registered as private with the privacy filter
(core.logging), so that nothing about them (address, path, user agent) reaches a log line.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from waypost.reporting.conf import proxy_networks

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
# The flood guard behind a proxy: every reporter shares it, so it is wide and its window
# short (whoever exhausts it blocks everyone for at most 10 minutes). It bounds the cost of
# receipt checks (scrypt: 16 MiB and tens of milliseconds each) and of stored spam; it is
# not what stops guessing: 500 wrong receipts every 10 minutes would take over 10^11 days
# to try half of the 10^16 codes. A correct receipt never resets it (anyone could).
SHARED_RECEIPT_FAILURES_ALLOWED = 500
SHARED_RECEIPT_SECONDS = 10 * 60
SHARED_SUBMISSIONS_ALLOWED = 200
SHARED_SUBMISSION_SECONDS = 10 * 60

REPORTING_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?(?:report|reports)/|^/api/v1/reports/")


def today() -> date:
    """The only time kept about a reporter: the day, in UTC."""
    return timezone.now().date()


def _client_network(request: HttpRequest) -> str | None:
    """The client's network, or None when the connection comes from a proxy."""
    raw = request.META.get("REMOTE_ADDR", "") or ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return None  # a Unix socket (gunicorn behind nginx) or no address at all
    if any(address in network for network in proxy_networks()):
        return None
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _client_key(network: str, purpose: str) -> str:
    """An opaque cache key for this client and purpose, valid for today only."""
    day_key = hmac.new(
        settings.SECRET_KEY.encode("utf-8"),
        f"waypost.reporting.throttle:{today().isoformat()}".encode(),
        hashlib.sha256,
    ).digest()
    digest = hmac.new(day_key, network.encode(), hashlib.sha256).hexdigest()
    return f"waypost:reporting:{purpose}:{digest[:40]}"


@dataclass(frozen=True)
class Limit:
    allowed: int
    seconds: int


class Throttle:
    """A short-lived counter per client (or one shared flood guard), kept in the cache only.

    ``shared`` is the limit for requests from a proxy, where clients cannot be told apart;
    None: the throttle does not apply there (a per-person rule that would otherwise lock
    everybody out at once).
    """

    def __init__(self, purpose: str, per_client: Limit, shared: Limit | None) -> None:
        self.purpose, self.per_client, self.shared = purpose, per_client, shared

    def _bucket(self, request: HttpRequest) -> tuple[str, Limit] | None:
        network = _client_network(request)
        if network is None:
            if self.shared is None:
                return None
            return f"waypost:reporting:{self.purpose}:shared", self.shared
        return _client_key(network, self.purpose), self.per_client

    def wait(self, request: HttpRequest) -> int:
        """Seconds to wait before trying again (the window), or 0 when not blocked."""
        bucket = self._bucket(request)
        if bucket is None:
            return 0
        key, limit = bucket
        return limit.seconds if int(cache.get(key, 0)) >= limit.allowed else 0

    def blocked(self, request: HttpRequest) -> bool:
        return self.wait(request) > 0

    def hit(self, request: HttpRequest) -> None:
        bucket = self._bucket(request)
        if bucket is None:
            return
        key, limit = bucket
        if not cache.add(key, 1, timeout=limit.seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=limit.seconds)

    def reset(self, request: HttpRequest) -> None:
        bucket = self._bucket(request)
        if bucket is not None:
            cache.delete(bucket[0])


receipt_streak = Throttle(
    "receipt", Limit(RECEIPT_FAILURES_ALLOWED, RECEIPT_THROTTLE_SECONDS), shared=None
)
receipt_ceiling = Throttle(
    "receipt-total",
    Limit(RECEIPT_FAILURES_CEILING, RECEIPT_CEILING_SECONDS),
    shared=Limit(SHARED_RECEIPT_FAILURES_ALLOWED, SHARED_RECEIPT_SECONDS),
)
submission_throttle = Throttle(
    "submit",
    Limit(SUBMISSIONS_ALLOWED, SUBMISSION_WINDOW_SECONDS),
    shared=Limit(SHARED_SUBMISSIONS_ALLOWED, SHARED_SUBMISSION_SECONDS),
)


def receipt_wait(request: HttpRequest) -> int:
    """Seconds this client must wait before trying a receipt again; 0: it may try now."""
    return max(receipt_ceiling.wait(request), receipt_streak.wait(request))


def receipt_failed(request: HttpRequest) -> None:
    receipt_streak.hit(request)
    receipt_ceiling.hit(request)


def receipt_succeeded(request: HttpRequest) -> None:
    """A correct receipt ends the streak of wrong ones, never the ceiling or flood guard."""
    receipt_streak.reset(request)
