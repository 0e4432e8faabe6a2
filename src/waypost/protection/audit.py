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
from django.utils.translation import gettext_lazy as _

from waypost.accounts.models import User
from waypost.protection.keys import key_provider
from waypost.protection.models import AuditChainHead, AuditEntry

# Action codes and how they read in the auditor's UI (STYLE 8). Apps add theirs here.
ACTION_SENTENCES: dict[str, Any] = {
    "waypost.sharing.granted": _("granted a sharing agreement"),
    "waypost.sharing.approved": _("approved a sharing agreement"),
    "waypost.sharing.rejected": _("rejected a proposed sharing agreement"),
    "waypost.sharing.revoked": _("revoked a sharing agreement"),
    "waypost.consent.recorded": _("recorded a consent"),
    "waypost.consent.withdrawn": _("recorded the withdrawal of a consent"),
    "waypost.keys.rotated": _("rotated encryption keys"),
    "waypost.retention.applied": _("applied the retention periods"),
    "waypost.retention.hold_set": _("put a record under legal hold"),
    "waypost.retention.hold_cleared": _("released a record from legal hold"),
    "waypost.incidents.imported": _("imported Missing Migrants Project incidents"),
    "waypost.incidents.created": _("entered an incident"),
    "waypost.incidents.updated": _("changed an incident"),
    "waypost.incidents.verified": _("verified an incident"),
    "waypost.incidents.merged": _("merged duplicate incidents"),
    "waypost.incidents.told_apart": _("marked possible duplicate incidents as different"),
    "waypost.rights.exported": _("exported everything held about a person"),
    "waypost.rights.erased": _("erased a person's record at their request"),
    "waypost.accounts.member.invited": _("invited a member"),
    "waypost.accounts.member.role_changed": _("changed a member's role"),
    "waypost.accounts.member.activated": _("reactivated a member"),
    "waypost.accounts.member.deactivated": _("deactivated a member"),
    "waypost.accounts.password.changed": _("changed their password"),
    "waypost.accounts.two_factor.enrolled": _("set up their second factor"),
    "waypost.accounts.two_factor.enrolment_started": _("began setting up a second factor"),
    "waypost.accounts.two_factor.verified": _("entered a valid second-factor code"),
    "waypost.accounts.two_factor.failed": _("entered a wrong second-factor code"),
    "waypost.accounts.two_factor.reused": _(
        "entered a second-factor code that had already been used (refused)"
    ),
    "waypost.accounts.two_factor.throttled": _(
        "was made to wait before another second-factor code, after wrong ones"
    ),
    "waypost.accounts.two_factor.removed": _("reset a member's second factor"),
    "waypost.accounts.sign_in.succeeded": _("signed in with their password"),
    "waypost.accounts.sign_in.failed": _(
        "a sign-in failed (wrong password, unknown username or deactivated account)"
    ),
    "waypost.accounts.sign_in.locked": _("a username was locked after repeated wrong passwords"),
    "waypost.accounts.sign_in.refused_locked": _(
        "a sign-in was refused because the username is locked"
    ),
    "waypost.accounts.password.check_failed": _(
        "entered a wrong current password while changing their password"
    ),
    "waypost.accounts.signed_out": _("signed out"),
    "waypost.accounts.token.refused": _(
        "an API request with an unknown or revoked token was refused"
    ),
    "waypost.access.refused": _(
        "was refused a page or record, or asked for one that does not exist"
    ),
    "waypost.accounts.token.created": _("created an API token"),
    "waypost.accounts.token.revoked": _("revoked an API token"),
    "waypost.tracing.missingpersonreport.created": _("entered a missing-person report"),
    "waypost.tracing.missingpersonreport.read": _("opened a missing-person report"),
    "waypost.tracing.missingpersonreport.updated": _("changed a missing-person report"),
    "waypost.tracing.foundperson.created": _("entered a found person"),
    "waypost.tracing.foundperson.read": _("opened a found person's record"),
    "waypost.tracing.foundperson.updated": _("changed a found person's record"),
    "waypost.tracing.unidentifiedremains.created": _("entered unidentified remains"),
    "waypost.tracing.unidentifiedremains.read": _("opened a record of unidentified remains"),
    "waypost.tracing.unidentifiedremains.updated": _("changed a record of unidentified remains"),
    "waypost.tracing.missingpersonreport.listed": _("listed missing-person reports"),
    "waypost.tracing.foundperson.listed": _("listed found persons"),
    "waypost.tracing.unidentifiedremains.listed": _("listed records of unidentified remains"),
    "waypost.tracing.candidates.read": _("looked at a report's candidates"),
    "waypost.tracing.candidate.read": _("opened a candidate"),
    "waypost.tracing.candidate.reviewed": _("recorded a decision on a candidate"),
    "waypost.tracing.candidate.confirmed": _("confirmed an identification"),
    "waypost.tracing.notification.updated": _("updated the task of telling a family"),
    "waypost.tracing.contact.logged": _("logged a contact with a family"),
    "waypost.tracing.photo.added": _("added a photo to a record"),
    "waypost.tracing.photo.viewed": _("looked at a photo"),
    "waypost.tracing.records.exported": _("exported an organisation's tracing records"),
}


def describe(action: str) -> str:
    return str(ACTION_SENTENCES.get(action, action))


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
