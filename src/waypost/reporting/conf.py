"""Settings of the reporting app, read from the environment (documented in docs/reporting.md)."""

from __future__ import annotations

from django.conf import settings

from waypost.conf import env_int


def retention_days() -> int:
    """Days a report is kept after its last activity unless kept for a case (default 365)."""
    configured = getattr(settings, "WAYPOST_REPORT_RETENTION_DAYS", None)
    if isinstance(configured, int):
        return configured
    return env_int("WAYPOST_REPORT_RETENTION_DAYS", 365)
