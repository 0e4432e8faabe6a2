"""Settings of the reporting app, read from the environment (documented in docs/reporting.md)."""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from waypost.conf import env_int, env_list


def retention_days() -> int:
    """Days a report is kept after its last activity unless kept for a case (default 365)."""
    configured = getattr(settings, "WAYPOST_REPORT_RETENTION_DAYS", None)
    if isinstance(configured, int):
        return configured
    return env_int("WAYPOST_REPORT_RETENTION_DAYS", 365)


IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(raw: tuple[str, ...]) -> tuple[IpNetwork, ...]:
    try:
        return tuple(ipaddress.ip_network(item, strict=False) for item in raw)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"WAYPOST_REPORTING_PROXY_ADDRESSES must list IP addresses or networks: {exc}"
        ) from exc


def proxy_networks() -> tuple[IpNetwork, ...]:
    """Addresses of reverse proxies besides loopback (comma-separated addresses or networks).

    Requests from them count against the shared flood guard, not per client: a proxy that
    does not forward the client's address makes every reporter look the same.
    """
    configured = getattr(settings, "WAYPOST_REPORTING_PROXY_ADDRESSES", None)
    raw = (
        configured
        if isinstance(configured, list)
        else env_list("WAYPOST_REPORTING_PROXY_ADDRESSES", [])
    )
    return _networks(tuple(str(item) for item in raw))
