"""Retention: personal records are deleted once their category's period has passed.

A record is due when it has not changed for its category's period (docs/security/
retention.md), is not under legal hold, and is not one its model keeps while in use
(``retention_kept``: a ``Q`` of such records, e.g. open tracing cases). Apps with other rules (reports of abuse expire
on their own date) add a ``retention.py`` with ``apply(dry_run: bool) -> dict[str, int]``.
Each run is audited and keeps only counts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from waypost.conf import env_int
from waypost.core.plugins import app_modules
from waypost.protection.audit import audit_record
from waypost.protection.models import DataCategory, ProtectedRecord, RetentionRun

# Days without change after which a record is deleted; None keeps it (remains stay until
# identified and returned: families search for decades).
DEFAULT_DAYS: dict[str, int | None] = {
    DataCategory.TRACING: 10 * 365,
    DataCategory.IDENTIFICATION: None,
    DataCategory.PROTECTION: 5 * 365,
    DataCategory.ABUSE_REPORT: 5 * 365,
    DataCategory.HEALTH: 5 * 365,
    DataCategory.MIGRATION_STATUS: 2 * 365,
    DataCategory.WHEREABOUTS: 5 * 365,
}


def retention_days(category: str) -> int | None:
    """The period for ``category``: WAYPOST_RETENTION_<CATEGORY>_DAYS, else the default."""
    configured = getattr(settings, "RETENTION_DAYS", {}).get(category)
    if configured is not None:
        return int(configured)
    default = DEFAULT_DAYS.get(category)
    return (
        env_int(f"WAYPOST_RETENTION_{category.upper()}_DAYS", default)
        if default is not None
        else None
    )


def protected_models() -> list[type[ProtectedRecord]]:
    return [m for m in apps.get_models() if issubclass(m, ProtectedRecord)]


@transaction.atomic
def retention_apply(*, dry_run: bool = False) -> dict[str, Any]:
    now = timezone.now()
    due: dict[str, int] = {}
    for model in protected_models():
        count = 0
        for category in DataCategory.values:
            days = retention_days(category)
            if days is None:
                continue
            records = model._default_manager.filter(
                data_category=category, legal_hold=False, updated_at__lt=now - timedelta(days=days)
            )
            # A model says which of its records are still in use whatever their age (an open
            # tracing case: a family may wait decades, and a quiet case is not a closed one).
            kept = getattr(model, "retention_kept", None)
            if kept is not None:
                records = records.exclude(kept())
            found = records.count()
            if found and not dry_run:
                records.delete()
            count += found
        due[model._meta.label_lower] = count
    for module in app_modules("retention"):
        if module.__name__ != __name__:
            due.update(module.apply(dry_run=dry_run))
    summary = {"dry_run": dry_run, "due": due, "deleted": {} if dry_run else due}
    run = RetentionRun.objects.create(dry_run=dry_run, summary=summary)
    audit_record(actor=None, action="waypost.retention.applied", record=run, detail=summary)
    return summary
