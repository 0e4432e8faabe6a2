"""Writes of the protection layer: sharing agreements and consent."""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import Permission
from waypost.core.exceptions import ApplicationError, NotFound, PermissionDenied
from waypost.protection.access import firewall_allows
from waypost.protection.audit import audit_record
from waypost.protection.models import (
    Consent,
    ConsentPurpose,
    DataCategory,
    ProtectedRecord,
    Purpose,
    SharingAgreement,
)

# What each purpose shares by default: the categories its work needs.
DEFAULT_CATEGORIES = {
    Purpose.TRACING: [DataCategory.TRACING, DataCategory.WHEREABOUTS],
    Purpose.IDENTIFICATION: [DataCategory.IDENTIFICATION, DataCategory.TRACING],
    Purpose.PROTECTION_REFERRAL: [DataCategory.PROTECTION],
    Purpose.STATISTICS: [],
}


def _check_admin_of(actor: User | None, organisation: Organisation) -> None:
    if actor is None:  # operators at the command line
        return
    if actor.organisation_id != organisation.pk or not actor.has_role_permission(
        Permission.MANAGE_SHARING
    ):
        raise PermissionDenied("Only an admin of the organisation can approve its agreements.")


@transaction.atomic
def agreement_propose(
    *,
    actor: User | None,
    provider: Organisation,
    recipient: Organisation,
    purpose: str,
    categories: list[str] | None = None,
    starts_on: date | None = None,
    expires_on: date | None = None,
) -> SharingAgreement:
    """A new agreement, approved by the side of the admin who proposes it.

    It shares nothing before ``starts_on`` (default today), after ``expires_on``, or until
    both sides have approved it (``access.active_agreements``).
    """
    if purpose not in Purpose.values:
        raise ApplicationError(
            f"Unknown purpose {purpose!r}; choose one of {', '.join(Purpose.values)}."
        )
    if provider.pk == recipient.pk:
        raise ApplicationError("An organisation does not need an agreement with itself.")
    chosen = list(categories if categories is not None else DEFAULT_CATEGORIES[Purpose(purpose)])
    unknown = [c for c in chosen if c not in DataCategory.values]
    if unknown:
        raise ApplicationError(f"Unknown data categories: {', '.join(unknown)}.")
    starts_on = starts_on or timezone.localdate()
    if expires_on is not None and expires_on < starts_on:
        raise ApplicationError("An agreement cannot expire before it starts.")
    agreement = SharingAgreement.objects.create(
        provider=provider,
        recipient=recipient,
        purpose=purpose,
        categories=chosen,
        starts_on=starts_on,
        expires_on=expires_on,
    )
    if actor is not None:
        agreement_approve(actor=actor, agreement=agreement)
    audit_record(
        actor=actor,
        action="waypost.sharing.granted",
        record=agreement,
        purpose=purpose,
        detail={
            "provider": provider.slug,
            "recipient": recipient.slug,
            "categories": chosen,
            "starts_on": starts_on.isoformat(),
            "firewalled": [c for c in chosen if not firewall_allows(recipient, c)],
        },
    )
    return agreement


@transaction.atomic
def agreement_approve(
    *, actor: User | None, agreement: SharingAgreement, side: str | None = None
) -> SharingAgreement:
    """Approve for the actor's side (or ``side`` = provider/recipient for operators)."""
    if agreement.is_ended:
        raise ApplicationError(
            _("This agreement was revoked or rejected; propose a new one instead.")
        )
    now = timezone.now()
    sides = (
        [side]
        if side
        else [
            s
            for s, org_id in (
                ("provider", agreement.provider_id),
                ("recipient", agreement.recipient_id),
            )
            if actor is not None and actor.organisation_id == org_id
        ]
    )
    if not sides:
        raise PermissionDenied("Only an admin of one of the two organisations can approve.")
    for which in sides:
        _check_admin_of(actor, getattr(agreement, which))
        setattr(agreement, f"{which}_approved_by", actor)
        setattr(agreement, f"{which}_approved_at", now)
    agreement.save()
    audit_record(
        actor=actor,
        action="waypost.sharing.approved",
        record=agreement,
        purpose=agreement.purpose,
        detail={"sides": sides},
    )
    return agreement


@transaction.atomic
def agreement_grant(
    *,
    provider: Organisation,
    recipient: Organisation,
    purpose: str,
    categories: list[str] | None = None,
    starts_on: date | None = None,
    expires_on: date | None = None,
) -> SharingAgreement:
    """An agreement approved on both sides at once (operators, scripts, tests)."""
    agreement = agreement_propose(
        actor=None,
        provider=provider,
        recipient=recipient,
        purpose=purpose,
        categories=categories,
        starts_on=starts_on,
        expires_on=expires_on,
    )
    agreement_approve(actor=None, agreement=agreement, side="provider")
    return agreement_approve(actor=None, agreement=agreement, side="recipient")


@transaction.atomic
def agreement_reject(*, actor: User, agreement: SharingAgreement) -> SharingAgreement:
    """The other side declines a proposal: it never comes into force.

    Only an agreement not yet approved by both sides can be rejected, and only by an admin
    of a side that has not approved it; one in force is ended with ``agreement_revoke``,
    so the audit log says which of the two happened.
    """
    if actor.organisation_id not in (agreement.provider_id, agreement.recipient_id):
        raise NotFound("No such agreement.")
    if not actor.has_role_permission(Permission.MANAGE_SHARING):
        raise PermissionDenied(_("Only an organisation admin can reject an agreement."))
    if agreement.is_ended:
        raise ApplicationError(_("This agreement was already revoked or rejected."))
    if agreement.is_approved:
        raise ApplicationError(
            _("Both organisations approved this agreement; revoke it to stop sharing.")
        )
    side = "provider" if actor.organisation_id == agreement.provider_id else "recipient"
    if getattr(agreement, f"{side}_approved_at") is not None:
        raise ApplicationError(
            _("Your organisation approved this agreement; revoke it to withdraw.")
        )
    agreement.rejected_at, agreement.rejected_by = timezone.now(), actor
    agreement.save(update_fields=["rejected_at", "rejected_by"])
    audit_record(
        actor=actor,
        action="waypost.sharing.rejected",
        record=agreement,
        purpose=agreement.purpose,
        detail={"side": side},
    )
    return agreement


@transaction.atomic
def agreement_revoke(*, actor: User | None, agreement: SharingAgreement) -> SharingAgreement:
    """Revocation takes effect at once: the next read no longer sees shared records."""
    if actor is not None and actor.organisation_id not in (
        agreement.provider_id,
        agreement.recipient_id,
    ):
        raise NotFound("No such agreement.")
    if actor is not None and not actor.has_role_permission(Permission.MANAGE_SHARING):
        raise PermissionDenied("Only an organisation admin can revoke an agreement.")
    if not agreement.is_ended:
        agreement.revoked_at, agreement.revoked_by = timezone.now(), actor
        agreement.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=actor,
            action="waypost.sharing.revoked",
            record=agreement,
            purpose=agreement.purpose,
        )
    return agreement


@transaction.atomic
def consent_record(
    *,
    actor: User | None,
    organisation: Organisation,
    subject_type: str,
    subject_id: str | int,
    purpose: str,
    method: str,
    language: str,
    is_child: bool = False,
    guardian_or_decision: str = "",
) -> Consent:
    if purpose not in ConsentPurpose.values:
        # A misspelt code (protection-referral) would be stored and never found by
        # consent_allows(), silently withholding what the person agreed to.
        raise ApplicationError(
            _("Unknown purpose %(purpose)s; choose one of %(choices)s.")
            % {"purpose": repr(purpose), "choices": ", ".join(ConsentPurpose.values)}
        )
    if is_child and not guardian_or_decision:
        raise ApplicationError(
            "For a child, record the guardian who consented or the best-interests decision."
        )
    consent = Consent(
        organisation=organisation,
        subject_type=subject_type,
        subject_id=str(subject_id),
        purpose=purpose,
        method=method,
        language=language,
        is_child=is_child,
        recorded_by=actor,
    )
    consent.guardian_or_decision = guardian_or_decision
    consent.save()
    audit_record(
        actor=actor,
        action="waypost.consent.recorded",
        record=consent,
        purpose=purpose,
        detail={"subject": f"{subject_type}:{subject_id}"},
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: User | None, subject_type: str, subject_id: str | int, purpose: str
) -> int:
    """Withdraw at once; returns how many consents were withdrawn."""
    count = Consent.objects.filter(
        subject_type=subject_type,
        subject_id=str(subject_id),
        purpose=purpose,
        withdrawn_at__isnull=True,
    ).update(withdrawn_at=timezone.now())
    audit_record(
        actor=actor,
        action="waypost.consent.withdrawn",
        record_type=subject_type,
        record_id=subject_id,
        purpose=purpose,
    )
    return count


def consent_allows(*, subject_type: str, subject_id: str | int, purpose: str) -> bool:
    """Whether a current consent covers ``purpose``: check before every disclosure."""
    return Consent.objects.filter(
        subject_type=subject_type,
        subject_id=str(subject_id),
        purpose=purpose,
        withdrawn_at__isnull=True,
    ).exists()


@transaction.atomic
def legal_hold_set(
    *, actor: User | None, record_type: str, record_id: str | int, held: bool, reason: str
) -> ProtectedRecord:
    """Put a record under legal hold (retention keeps it) or release it; audited.

    Only an auditor of the owning organisation (the role that oversees its processing of
    personal data, closest to a data protection officer) or an operator at the command
    line (``actor`` None). ``reason`` is a reference (court order, investigation number),
    never personal data: it goes on the audit log.
    """
    if not reason.strip():
        raise ApplicationError(_("Give the reason: the court order or investigation reference."))
    try:
        model = apps.get_model(record_type)
    except (LookupError, ValueError) as exc:
        raise NotFound("No such record.") from exc
    if not issubclass(model, ProtectedRecord):
        raise NotFound("No such record.")
    records = model._default_manager.select_for_update().filter(pk=record_id)
    if actor is not None:
        if not actor.has_role_permission(Permission.VIEW_AUDIT):
            raise PermissionDenied(_("Only an auditor can put a record under legal hold."))
        records = records.filter(organisation_id=actor.organisation_id or 0)
    record = records.first()
    if record is None:
        raise NotFound("No such record.")
    # update(), not save(): the hold must not touch updated_at, which retention counts from.
    model._default_manager.filter(pk=record.pk).update(legal_hold=held)
    record.legal_hold = held
    audit_record(
        actor=actor,
        action="waypost.retention.hold_set" if held else "waypost.retention.hold_cleared",
        record=record,
        detail={"organisation_id": record.organisation_id, "reason": reason.strip()},
    )
    return record
