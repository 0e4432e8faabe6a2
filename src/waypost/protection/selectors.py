"""Reads of the protection layer: the audit log and agreements, as each role may see them."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, Q, QuerySet

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


# Reads for the watcher of unusual activity (protection/alerts.py, ASVS 11.1.7).

# Failed authentication of every kind (accounts/audit_vocabulary.py).
FAILED_AUTH_ACTIONS = (
    "waypost.accounts.sign_in.failed",
    "waypost.accounts.sign_in.locked",
    "waypost.accounts.sign_in.refused_locked",
    "waypost.accounts.two_factor.failed",
    "waypost.accounts.two_factor.reused",
    "waypost.accounts.recovery_code.failed",
    "waypost.accounts.recovery_code.reused",
    "waypost.accounts.passkey.failed",
    "waypost.accounts.reauthentication.failed",
    "waypost.accounts.password.check_failed",
)
# A person's record opened or listed, a file or photo of one seen, an export.
READ_SUFFIXES = (".read", "_read", ".viewed", ".listed")
EXPORT_SUFFIX = ".exported"


def _suffixes(field: str, suffixes: tuple[str, ...]) -> Q:
    query = Q()
    for suffix in suffixes:
        query |= Q(**{f"{field}__endswith": suffix})
    return query


def audit_failed_auth_since(*, since: datetime) -> list[tuple[int | None, int | None]]:
    """(account id, organisation id) of each failed authentication since ``since``.

    A refused sign-in has no actor: its account is the record (when the name given was an
    account's) and its organisation is in the detail.
    """
    found = []
    for entry in AuditEntry.objects.filter(at__gte=since, action__in=FAILED_AUTH_ACTIONS).only(
        "actor_id", "organisation_id", "record_type", "record_id", "detail"
    ):
        account = entry.actor_id
        if account is None and entry.record_type == "accounts.user" and entry.record_id:
            account = int(entry.record_id)
        organisation = entry.organisation_id
        if organisation is None and isinstance(entry.detail, dict):
            organisation = entry.detail.get("organisation_id")
        found.append((account, organisation))
    return found


def audit_reads_by_actor(
    *, since: datetime, until: datetime | None = None, actor_ids: list[int] | None = None
) -> dict[int, tuple[int | None, int]]:
    """``{actor id: (organisation id, reads)}`` of personal records read in the period."""
    entries = AuditEntry.objects.filter(
        _suffixes("action", READ_SUFFIXES), at__gte=since, actor_id__isnull=False
    )
    if until is not None:
        entries = entries.filter(at__lt=until)
    if actor_ids is not None:
        entries = entries.filter(actor_id__in=actor_ids)
    rows = entries.values("actor_id", "organisation_id").annotate(reads=Count("id"))
    found: dict[int, tuple[int | None, int]] = {}
    for row in rows:
        actor = row["actor_id"]
        if actor is None:  # excluded above; for the type checker
            continue
        organisation, reads = found.get(actor, (row["organisation_id"], 0))
        found[actor] = (organisation, reads + row["reads"])
    return found


def audit_exports_by_organisation(*, since: datetime) -> dict[int, int]:
    """``{organisation id: exports}`` of personal data since ``since``."""
    rows = (
        AuditEntry.objects.filter(
            action__endswith=EXPORT_SUFFIX, at__gte=since, organisation_id__isnull=False
        )
        .values("organisation_id")
        .annotate(exports=Count("id"))
    )
    return {
        row["organisation_id"]: row["exports"] for row in rows if row["organisation_id"] is not None
    }


def audit_alert_raised_since(*, since: datetime, kind: str, subject: str) -> bool:
    """Whether the same alert was raised already since ``since`` (one alert per window)."""
    return AuditEntry.objects.filter(
        action=ALERT_ACTION, at__gte=since, detail__kind=kind, detail__subject=subject
    ).exists()


ALERT_ACTION = "waypost.protection.alert.raised"
