"""The one door to personal records: scoping by organisation, role, purpose, agreement, firewall.

A record is visible to a user when their role may see personal data and either their
organisation owns it, or its owner shares that category with their organisation for the
purpose at hand under an approved, current, unrevoked agreement, and the firewall does not
forbid it. Anything else does not exist for them (404). The rule has two forms, built on
the same ``shared_sources``: ``scoped`` narrows a queryset, ``record_visible_to`` answers
for one record already in hand (the other side of a candidate, a row an export names, a
record a file is about to carry to another organisation). Every output that carries
another organisation's record goes through one of them (``protection/outputs.py`` lists
the outputs and the check each uses; a test holds the list to the URLs and commands).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import ENFORCEMENT_KINDS, Permission
from waypost.core.exceptions import NotFound
from waypost.protection.models import FIREWALLED_CATEGORIES, SharingAgreement

M = TypeVar("M", bound=Model)


def firewall_allows(recipient: Organisation, category: str) -> bool:
    """Whether ``recipient`` may ever receive records of ``category`` from others."""
    return not (recipient.kind in ENFORCEMENT_KINDS and category in FIREWALLED_CATEGORIES)


def active_agreements(*, recipient_id: int, purpose: str) -> QuerySet[SharingAgreement]:
    """Agreements in force today: approved by both sides, started, not expired, not ended."""
    today = timezone.localdate()
    return SharingAgreement.objects.filter(
        recipient_id=recipient_id,
        purpose=purpose,
        revoked_at__isnull=True,
        rejected_at__isnull=True,
        provider_approved_at__isnull=False,
        recipient_approved_at__isnull=False,
        starts_on__lte=today,
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def shared_sources(*, recipient: Organisation, purpose: str) -> set[tuple[int, str]]:
    """(owner organisation id, data category) pairs ``recipient`` receives for ``purpose``."""
    return {
        (agreement.provider_id, category)
        for agreement in active_agreements(recipient_id=recipient.pk, purpose=purpose)
        for category in agreement.categories
        if firewall_allows(recipient, category)
    }


def shared_scope(*, user: User, purpose: str) -> Q:
    """The records of other organisations that ``user``'s organisation receives."""
    assert user.organisation is not None  # noqa: S101 - checked by the caller
    scope = Q(pk__in=[])
    for owner_id, category in shared_sources(recipient=user.organisation, purpose=purpose):
        scope |= Q(organisation_id=owner_id, data_category=category)
    return scope


def scoped(
    queryset: QuerySet[M],
    *,
    user: User,
    purpose: str,
    permission: Permission = Permission.VIEW_PERSONAL_DATA,
    include_shared: bool = True,
) -> QuerySet[M]:
    """``queryset`` narrowed to what ``user`` may see for ``purpose``."""
    if not user.is_authenticated or not user.has_role_permission(permission):
        return queryset.none()
    scope = Q(organisation_id=user.organisation_id)
    if include_shared:
        scope |= shared_scope(user=user, purpose=purpose)
    return queryset.filter(scope)


def scoped_get(
    queryset: QuerySet[M],
    pk: object,
    *,
    user: User,
    purpose: str,
    permission: Permission = Permission.VIEW_PERSONAL_DATA,
) -> M:
    try:
        return scoped(queryset, user=user, purpose=purpose, permission=permission).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("Not found.") from exc


def record_visible_to(
    viewer: User | Organisation,
    record: Model,
    *,
    purposes: Iterable[str],
    permission: Permission = Permission.VIEW_PERSONAL_DATA,
) -> bool:
    """Whether ``viewer`` may learn of ``record`` for one of ``purposes``: ``scoped`` for one row.

    ``viewer`` is a person (their role must have ``permission``) or an organisation (the
    recipient of a file or of a job's output, where no person of theirs is at hand).
    """
    if isinstance(viewer, User):
        if not viewer.is_authenticated or not viewer.has_role_permission(permission):
            return False
        recipient = viewer.organisation
    else:
        recipient = viewer
    if recipient is None:
        return False
    owner, category = getattr(record, "organisation_id", None), getattr(record, "data_category", "")
    if owner == recipient.pk:
        return True
    return any(
        (owner, category) in shared_sources(recipient=recipient, purpose=purpose)
        for purpose in purposes
    )


def is_own(record: Model, user: User) -> bool:
    """True for the caller's own organisation's records; shared ones get minimal disclosure."""
    return bool(getattr(record, "organisation_id", None) == user.organisation_id)
