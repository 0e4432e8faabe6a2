"""Reports of abuse expire on their own date unless kept for a case (see services)."""

from __future__ import annotations

from waypost.reporting.services import reports_expire


def apply(*, dry_run: bool) -> dict[str, int]:
    return {"reporting.report": reports_expire(dry_run=dry_run)}


def expire_due() -> dict[str, int]:
    """The daily periodic job (registered in ``waypost.jobs.periodic``): counts only."""
    return {"deleted": reports_expire()}
