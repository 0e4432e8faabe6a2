"""The audit log: who did what to which personal record, when, for what purpose.

Entries form a keyed hash chain: each entry's HMAC (under a key derived from the master key,
never stored in the database) covers its content and the previous link, so altering,
deleting or reordering any entry breaks ``verify()`` from that point on, even for someone
who rewrites the database and recomputes the links.
Entries hold codes, ids and field names, never the personal values themselves.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from waypost.accounts.models import User
from waypost.protection.keys import key_provider
from waypost.protection.models import AuditChainHead, AuditEntry


def _payload(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_username": entry.actor_username,
        "organisation_id": entry.organisation_id,
        "role": entry.role,
        "purpose": entry.purpose,
        "action": entry.action,
        "record_type": entry.record_type,
        "record_id": entry.record_id,
        "fields": entry.fields,
        "detail": entry.detail,
    }


def chain_key() -> bytes:
    """The key of the chain's MACs, derived from the master key (which is never in the
    database): whoever can write to the database alone cannot recompute the chain after
    changing an entry, as they could with a plain hash."""
    return key_provider().derive("waypost.audit.chain")


def entry_hash(entry: AuditEntry, key: bytes | None = None) -> str:
    canonical = json.dumps(_payload(entry), sort_keys=True, ensure_ascii=False, default=str)
    message = f"{entry.previous_hash}\n{canonical}".encode()
    return hmac.new(key or chain_key(), message, hashlib.sha256).hexdigest()


@transaction.atomic
def audit_record(
    *,
    actor: User | None,
    action: str,
    record: models.Model | None = None,
    record_type: str = "",
    record_id: str | int = "",
    fields: list[str] | tuple[str, ...] = (),
    purpose: str = "",
    detail: dict[str, Any] | None = None,
    day_only: bool = False,
) -> AuditEntry:
    """Append one entry. Call it from every service that touches personal data.

    ``day_only`` keeps only the date: for actions of people who must not be traceable by
    the time they acted (a reporter of abuse), the entry says on which day, not when.
    """
    AuditChainHead.objects.get_or_create(pk=1)
    # The UPDATE takes the write lock (PostgreSQL row lock, SQLite database lock) before
    # the head is read, so concurrent appends queue up instead of forking the chain.
    AuditChainHead.objects.filter(pk=1).update(seq=F("seq") + 1)
    head = AuditChainHead.objects.select_for_update().get(pk=1)
    if record is not None:
        record_type = record_type or record._meta.label_lower
        record_id = record_id or record.pk
    at = timezone.now()
    if day_only:
        at = at.replace(hour=0, minute=0, second=0, microsecond=0)
    entry = AuditEntry(
        seq=head.seq,
        at=at,
        actor_id=actor.pk if actor is not None else None,
        actor_username=actor.username if actor is not None else "",
        organisation_id=actor.organisation_id if actor is not None else None,
        role=actor.role if actor is not None else "",
        purpose=purpose,
        action=action,
        record_type=record_type,
        record_id=str(record_id),
        fields=list(fields),
        detail=detail or {},
        previous_hash=head.last_hash,
    )
    entry.entry_hash = entry_hash(entry)
    entry.save()
    head.last_hash = entry.entry_hash
    head.save(update_fields=["last_hash"])
    return entry


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify() -> ChainBreak | None:
    """None if the chain is intact, else the first entry where it breaks, and why."""
    previous, expected_seq, key = "", 1, chain_key()
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return ChainBreak(expected_seq, "missing entry (deleted)")
        if entry.previous_hash != previous:
            return ChainBreak(
                entry.seq, "does not follow the previous entry (reordered or replaced)"
            )
        if not hmac.compare_digest(entry.entry_hash, entry_hash(entry, key)):
            return ChainBreak(entry.seq, "content changed")
        previous, expected_seq = entry.entry_hash, expected_seq + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != expected_seq - 1 or head.last_hash != previous):
        return ChainBreak(expected_seq, "entries missing at the end (deleted)")
    return None
