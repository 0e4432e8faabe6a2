"""Reads for organisations, members and tokens."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django_otp_webauthn.models import WebAuthnCredential

from waypost.accounts.models import (
    ApiToken,
    HashedSession,
    Organisation,
    RecoveryCodeDevice,
    SealedTOTPDevice,
    User,
    hash_token,
)
from waypost.accounts.roles import Permission, Role
from waypost.core.exceptions import NotFound


def organisation_get(*, slug: str) -> Organisation:
    try:
        return Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist as exc:
        raise NotFound(f"No organisation with the short name {slug!r}.") from exc


def may_manage_organisations(user: User) -> bool:
    """The operator role, in an organisation on the protection side of the firewall: a law
    enforcement body does not learn which organisations help migrants, nor change them."""
    organisation = user.organisation
    return (
        user.has_role_permission(Permission.MANAGE_ORGANISATIONS)
        and organisation is not None
        and not organisation.is_enforcement
    )


def organisations_all() -> QuerySet[Organisation]:
    """Every organisation of the installation, for the operator who manages them."""
    return Organisation.objects.order_by("name")


def organisation_members(*, organisation: Organisation) -> QuerySet[User]:
    """The organisation's people, each with ``has_second_factor`` (an app set up)."""
    return (
        User.objects.filter(organisation=organisation)
        .annotate(
            has_second_factor=Exists(
                SealedTOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
            )
        )
        .order_by("-is_active", "username")
    )


def two_factor_device(*, user: User) -> SealedTOTPDevice | None:
    """The authenticator app ``user`` has set up, if any."""
    return SealedTOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def passkeys_of(*, user: User) -> QuerySet[WebAuthnCredential]:
    """``user``'s own passkeys and security keys, the newest first."""
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("-created_at")


def has_passkey(*, user: User) -> bool:
    return passkeys_of(user=user).exists()


def recovery_codes_left(*, user: User) -> int | None:
    """How many of ``user``'s recovery codes are unused; None if they never made any."""
    device = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    return device.codes.filter(used_at__isnull=True).count()


def member_get(*, organisation: Organisation, member_id: int) -> User:
    try:
        return organisation_members(organisation=organisation).get(pk=member_id)
    except User.DoesNotExist as exc:
        raise NotFound("No such member.") from exc


def user_for_sign_in(*, username: str) -> User | None:
    """The account a sign-in with ``username`` would try, whether or not it may sign in.

    ``username`` as the sign-in form hands it to ``authenticate`` (stripped, NFKC), looked
    up as Django's ``ModelBackend`` does, so a lock or an audit entry keyed on the result is
    about the very account the password was tried against.
    """
    try:
        return User._default_manager.get_by_natural_key(username)
    except User.DoesNotExist:
        return None


# Why a token is refused (words for the audit log, not secrets).
TOKEN_UNKNOWN = "unknown"  # noqa: S105
TOKEN_REVOKED = "revoked"  # noqa: S105
TOKEN_EXPIRED = "expired"  # noqa: S105
TOKEN_ELSEWHERE = "organisation"  # noqa: S105 - its owner left the organisation it was for


def token_for_use(*, raw: str) -> tuple[ApiToken | None, str]:
    """The token ``raw`` names, and why it may not be used ("" when it may).

    A usable token's last use is updated (shown on the token page). Revoked, expired and
    moved tokens are told apart for the audit log and for the caller's 401 message; the
    caller learns nothing it does not already hold (the token).
    """
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(key_hash=hash_token(raw))
        .first()
    )
    if token is None:
        return None, TOKEN_UNKNOWN
    if token.revoked_at is not None or not token.user.is_active:
        return token, TOKEN_REVOKED
    if token.is_expired:
        return token, TOKEN_EXPIRED
    if token.organisation_id is None or token.organisation_id != token.user.organisation_id:
        return token, TOKEN_ELSEWHERE
    token.last_used_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
    return token, ""


def tokens_of(*, user: User | None) -> QuerySet[ApiToken]:
    """``user``'s tokens (everyone's for ``None``: the operator's list), newest first,
    revoked and expired ones included (their page shows when each stopped)."""
    tokens = ApiToken.objects.select_related("user", "organisation")
    if user is not None:
        tokens = tokens.filter(user=user)
    return tokens.order_by("-created_at", "-pk")


def sessions_of(*, user: User) -> QuerySet[HashedSession]:
    """``user``'s live browser sessions, the most recently seen first (through the index
    on the owner; the session data itself is not read)."""
    return (
        HashedSession.objects.filter(user=user, expire_date__gt=timezone.now())
        .only("session_key", "user", "created_at", "last_seen_at", "device", "browser")
        .order_by("-last_seen_at", "session_key")
    )


def organisation_admins(*, organisation_id: int) -> QuerySet[User]:
    """The organisation's active admins: who is told of unusual activity (protection/alerts.py)."""
    return User.objects.filter(
        organisation_id=organisation_id, role=Role.ADMIN, is_active=True
    ).order_by("pk")
