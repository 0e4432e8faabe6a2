"""The audit log: who did what to which personal record, when, for what purpose.

Entries form a keyed hash chain: each entry's HMAC (under a key derived from the master key,
never stored in the database) covers its content and the previous link, so altering,
deleting or reordering any entry breaks ``verify()`` from that point on, even for someone
who rewrites the database and recomputes the links.
Entries hold codes, ids and field names, never the personal values themselves.

Appending never waits (docs/security/audit.md): ``audit_record`` inserts an entry with a
MAC of its content and chains it in the same transaction only if the chain head is free
(``SKIP LOCKED``); otherwise the transaction holding the head chains it after committing
(``audit_chain_pending``), so concurrent audited reads do not queue on one row. Signed
checkpoints of the head, kept outside the database (``witness.py``), let ``verify()``
notice a log cut short, emptied or rewritten from a point.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from waypost.accounts.models import User
from waypost.core.exceptions import ApplicationError
from waypost.protection import witness
from waypost.protection.keys import key_provider
from waypost.protection.models import AuditChainHead, AuditEntry
from waypost.protection.witness import BadCheckpoint, Checkpoint

logger = logging.getLogger(__name__)

# Entries chained per transaction, and batches per run (more wait for the next run).
CHAIN_BATCH = 500
CHAIN_ROUNDS = 10


def _content(entry: AuditEntry) -> dict[str, Any]:
    """What an entry says, without its place in the chain."""
    return {
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


def _payload(entry: AuditEntry) -> dict[str, Any]:
    return {"seq": entry.seq, **_content(entry)}


def _canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)


def chain_key() -> bytes:
    """The key of the chain's MACs, derived from the master key (which is never in the
    database): whoever can write to the database alone cannot recompute the chain after
    changing an entry, as they could with a plain hash."""
    return key_provider().derive("waypost.audit.chain")


def append_key() -> bytes:
    """The key of an entry's MAC from the moment it is appended until it is chained: an
    entry inserted straight into the database is never chained."""
    return key_provider().derive("waypost.audit.append")


def entry_hash(entry: AuditEntry, key: bytes | None = None) -> str:
    message = f"{entry.previous_hash}\n{_canonical(_payload(entry))}".encode()
    return hmac.new(key or chain_key(), message, hashlib.sha256).hexdigest()


def append_mac(entry: AuditEntry, key: bytes | None = None) -> str:
    message = _canonical(_content(entry)).encode()
    return hmac.new(key or append_key(), message, hashlib.sha256).hexdigest()


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

    The entry is written in the caller's transaction (it goes if the action is rolled
    back) and chained there too if the chain head is free; if another transaction holds
    it, the entry is left for that one to chain once it commits: no request ever waits
    for another's audit entry.

    ``day_only`` keeps only the date: for actions of people who must not be traceable by
    the time they acted (a reporter of abuse), the entry says on which day, not when.
    """
    if record is not None:
        record_type = record_type or record._meta.label_lower
        record_id = record_id or record.pk
    at = timezone.now()
    if day_only:
        at = at.replace(hour=0, minute=0, second=0, microsecond=0)
    entry = AuditEntry(
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
    )
    entry.append_mac = append_mac(entry)
    with transaction.atomic():
        entry.save()
        # One transaction, one commit for a read in autocommit mode.
        _chain_batch(set())
    # Whoever held the head may have looked for pending entries before this one committed:
    # look once more after committing. robust: the action has committed whatever happens
    # here; an entry still pending is chained by the next run, the periodic checkpoint or
    # verify.
    transaction.on_commit(audit_chain_pending, robust=True)
    return entry


def _pending() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(seq__isnull=True)


def audit_chain_pending() -> int:
    """Give the entries still pending their place in the chain; how many.

    An entry is pending when the transaction that appended it found the chain head taken
    (PostgreSQL, ``SKIP LOCKED``): the transaction holding the head runs this once it
    commits, as does every appending transaction, the periodic checkpoint and verify. A
    run that finds the head taken leaves the entries to the one holding it; a run that
    finds nothing pending takes no lock at all (on SQLite, no write lock).
    """
    chained, refused = 0, set[int]()
    for _batch in range(CHAIN_ROUNDS):
        if not _pending().exclude(pk__in=refused).exists():
            break
        done = _chain_batch(refused)
        if done is None:  # another run holds the head and will see these entries
            break
        chained += done
    return chained


@transaction.atomic
def _chain_batch(refused: set[int]) -> int | None:
    """Chain up to CHAIN_BATCH pending entries; None if another transaction holds the head.

    On SQLite ``select_for_update`` does nothing: the transaction already holds the
    database's write lock, which orders chaining as the row lock does on PostgreSQL.
    """
    head = AuditChainHead.objects.select_for_update(skip_locked=True).filter(pk=1).first()
    if head is None:
        if AuditChainHead.objects.filter(pk=1).exists():
            return None
        AuditChainHead.objects.get_or_create(pk=1)
        head = AuditChainHead.objects.select_for_update(skip_locked=True).filter(pk=1).first()
        if head is None:
            return None
    entries = list(_pending().exclude(pk__in=refused).order_by("pk")[:CHAIN_BATCH])
    chain, append = chain_key(), append_key()
    linked = []
    for entry in entries:
        if not hmac.compare_digest(entry.append_mac, append_mac(entry, append)):
            refused.add(entry.pk)
            logger.error(
                "Audit entry id %s was not appended by Waypost (its MAC is wrong): "
                "left out of the chain; 'waypost audit verify' names it.",
                entry.pk,
            )
            continue
        entry.seq = head.seq + 1
        entry.previous_hash = head.last_hash
        entry.entry_hash = entry_hash(entry, chain)
        head.seq, head.last_hash = entry.seq, entry.entry_hash
        linked.append(entry)
    AuditEntry.objects.bulk_update(linked, ["seq", "previous_hash", "entry_hash"])
    head.save(update_fields=["seq", "last_hash"])
    return len(linked)


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"Audit log broken at entry {self.seq}: {self.reason}."


def _witnessed(extra: Iterable[Path]) -> tuple[list[Checkpoint], ChainBreak | None]:
    checkpoints, bad = [], None
    for found in witness.checkpoints_all(extra):
        if isinstance(found, BadCheckpoint):
            bad = bad or ChainBreak(
                0,
                f"line {found.line_number} of the witness {found.source} is not a valid "
                f"checkpoint: {found.reason}",
            )
        else:
            checkpoints.append(found)
    return checkpoints, bad


def verify(*, witnesses: Iterable[Path] = ()) -> ChainBreak | None:
    """None if the log is intact and agrees with every witnessed checkpoint; else the first
    place where it breaks, and why.

    Pending entries are chained first. ``witnesses`` are copies of checkpoints kept
    elsewhere (e.g. exported from the syslog server), checked like the witness file.
    """
    audit_chain_pending()
    checkpoints, bad = _witnessed(witnesses)
    if bad is not None:
        return bad
    by_size: dict[int, list[Checkpoint]] = {}
    for checkpoint in checkpoints:
        by_size.setdefault(checkpoint.size, []).append(checkpoint)
    previous, expected_seq, key = "", 1, chain_key()
    chained = AuditEntry.objects.filter(seq__isnull=False).order_by("seq")
    for entry in chained.iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return ChainBreak(expected_seq, "missing entry (deleted)")
        if entry.previous_hash != previous:
            return ChainBreak(
                entry.seq, "does not follow the previous entry (reordered or replaced)"
            )
        if not hmac.compare_digest(entry.entry_hash, entry_hash(entry, key)):
            return ChainBreak(entry.seq, "content changed")
        for checkpoint in by_size.get(entry.seq, ()):
            if entry.entry_hash != checkpoint.head:
                return ChainBreak(
                    entry.seq,
                    f"differs from the entry witnessed at {checkpoint.at} "
                    "(the log was rewound and rewritten from here)",
                )
        previous, expected_seq = entry.entry_hash, expected_seq + 1
    size = expected_seq - 1
    longest = max(checkpoints, key=lambda c: c.size, default=None)
    if longest is not None and longest.size > size:
        return ChainBreak(
            size + 1,
            f"the log ends at entry {size}, but {longest.size} entries were witnessed at "
            f"{longest.at}: entries were removed from the end (truncated or wiped)",
        )
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != size or head.last_hash != previous):
        return ChainBreak(
            size + 1, f"the chain head says entry {head.seq}, the log ends at entry {size}"
        )
    refused = [
        entry.pk
        for entry in _pending().order_by("pk")
        if not hmac.compare_digest(entry.append_mac, append_mac(entry))
    ]
    if refused:
        return ChainBreak(
            size + 1,
            f"entries with ids {', '.join(map(str, refused[:10]))} were not appended by "
            "Waypost (their MAC is wrong): written straight into the database",
        )
    return None


class AuditWitnessRefused(ApplicationError):
    """The log no longer agrees with the last checkpoint: no new checkpoint may cover it."""


def audit_checkpoint() -> Checkpoint | None:
    """Chain what is pending, then witness the head outside the database; None when the
    last checkpoint already covers it.

    Refuses (``AuditWitnessRefused``) when the log is shorter than the last checkpoint or
    its entry there has another hash: a checkpoint must never bless a rewound log.
    """
    audit_chain_pending()
    last = AuditEntry.objects.filter(seq__isnull=False).order_by("-seq").first()
    size, head = (last.seq or 0, last.entry_hash) if last is not None else (0, "")
    witnessed = witness.checkpoint_last(witness.witness_path())
    if isinstance(witnessed, BadCheckpoint):
        raise AuditWitnessRefused(
            f"The last line of the audit witness is not a valid checkpoint: {witnessed.reason}."
        )
    if witnessed is not None:
        if witnessed.size > size:
            raise AuditWitnessRefused(
                f"The audit log has {size} entries but {witnessed.size} were witnessed at "
                f"{witnessed.at}: it was rewound. Run 'waypost audit verify'."
            )
        at_size = AuditEntry.objects.filter(seq=witnessed.size).first() if witnessed.size else None
        if witnessed.size and (at_size is None or at_size.entry_hash != witnessed.head):
            raise AuditWitnessRefused(
                f"Audit entry {witnessed.size} differs from the one witnessed at "
                f"{witnessed.at}. Run 'waypost audit verify'."
            )
        if witnessed.size == size:
            return None
    checkpoint = witness.checkpoint_sign(size=size, head=head, at=timezone.now())
    witness.checkpoint_append(checkpoint)
    return checkpoint


def audit_checkpoint_periodic() -> dict[str, Any]:
    """The periodic job: at most a minute of entries is ever unwitnessed."""
    checkpoint = audit_checkpoint()
    return {"witnessed": checkpoint.size if checkpoint is not None else None}
