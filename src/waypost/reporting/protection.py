"""The reporting app's door to the data-protection layer (``waypost.protection``).

- ``firewall_allows_reports``: law-enforcement and border-authority organisations never
  receive reports (ECRI GPR 16; ``protection.access.firewall_allows``).
- ``sealed``: report content, attachments, identity and messages are sealed with the
  recipient organisation's data key and bound to their row (``seal_id_column``;
  ``protection.fields``).
- ``audit``: every access goes on the central hash-chained audit log, with codes only,
  never content; a reporter's own actions keep only the day, never the time.
"""

from __future__ import annotations

from typing import Any

from waypost.accounts.models import Organisation, User
from waypost.protection.access import firewall_allows
from waypost.protection.audit import audit_record
from waypost.protection.fields import seal_id_column, sealed
from waypost.protection.models import DataCategory

__all__ = ["audit", "firewall_allows_reports", "seal_id_column", "sealed"]


def firewall_allows_reports(organisation: Organisation) -> bool:
    return firewall_allows(organisation, DataCategory.ABUSE_REPORT)


def audit(
    *,
    actor: User | None,
    action: str,
    report: Any,
    fields: list[str],
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> None:
    """Append one entry to the central audit log (codes only, never content)."""
    detail: dict[str, Any] = {"organisation_id": report.organisation_id}
    if old:
        detail["old"] = old
    if new:
        detail["new"] = new
    audit_record(
        actor=actor,
        action=action,
        record_type="reporting.report",
        record_id=str(report.public_id),
        fields=fields,
        purpose="protection",
        detail=detail,
        day_only=actor is None,
    )
