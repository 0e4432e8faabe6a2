"""Reads of the protection layer: the audit log and agreements, as each role may see them."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from waypost.accounts.models import User
from waypost.protection.models import AuditEntry, SharingAgreement


def audit_entries(
    *,
    user: User,
    actor: str = "",
    action: str = "",
    record: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries about the auditor's own organisation: its people's actions and its records."""
    entries = AuditEntry.objects.filter(
        Q(organisation_id=user.organisation_id) | Q(detail__organisation_id=user.organisation_id)
    )
    if actor:
        entries = entries.filter(actor_username__iexact=actor.strip())
    if action:
        entries = entries.filter(action__startswith=action.strip())
    if record:
        record_type, _, record_id = record.strip().rpartition(":")
        entries = entries.filter(record_id=record_id)
        if record_type:
            entries = entries.filter(record_type=record_type)
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    # Newest first; entries not chained yet (seq empty) are among the newest.
    return entries.order_by("-id")


def agreements_of(*, user: User) -> QuerySet[SharingAgreement]:
    return SharingAgreement.objects.filter(
        Q(provider_id=user.organisation_id) | Q(recipient_id=user.organisation_id)
    ).select_related("provider", "recipient")
