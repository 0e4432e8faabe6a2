"""Writes for organisations, members and API tokens."""

from __future__ import annotations

import secrets

import pycountry
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice

from waypost.accounts import notifications
from waypost.accounts.models import ApiToken, Organisation, User, hash_token
from waypost.accounts.roles import OrganisationKind, Permission, Role
from waypost.core.exceptions import ApplicationError, NotFound, PermissionDenied
from waypost.protection.audit import audit_record

TOKEN_PREFIX = "wp_"  # noqa: S105 - a public marker, not a secret


def validate_country(code: str) -> str:
    code = code.strip().upper()
    if len(code) != 3 or pycountry.countries.get(alpha_3=code) is None:
        raise ApplicationError(f"{code!r} is not an ISO 3166-1 alpha-3 country code.")
    return code


def validate_languages(codes: list[str]) -> list[str]:
    clean = []
    for code in codes:
        code = code.strip().lower()
        if pycountry.languages.get(alpha_2=code) is None:
            raise ApplicationError(f"{code!r} is not an ISO 639-1 language code.")
        clean.append(code)
    return clean


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str,
    country: str,
    languages: list[str] | None = None,
    slug: str | None = None,
) -> Organisation:
    if kind not in OrganisationKind.values:
        raise ApplicationError(
            f"Unknown organisation kind {kind!r}; choose one of {', '.join(OrganisationKind.values)}."
        )
    if not name.strip():
        raise ApplicationError("An organisation needs a name.")
    if slug and Organisation.objects.filter(slug=slug).exists():
        raise ApplicationError(f"The short name {slug!r} is taken.")
    return Organisation.objects.create(
        name=name.strip(),
        slug=slug or _unique_slug(name),
        kind=kind,
        country=validate_country(country),
        languages=validate_languages(languages or []),
    )


@transaction.atomic
def user_create(
    *,
    username: str,
    organisation: Organisation,
    role: str,
    password: str | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    if role not in Role.values:
        raise ApplicationError(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}.")
    if User.objects.filter(username=username).exists():
        raise ApplicationError(f"The username {username!r} is taken.")
    user = User(
        username=username,
        organisation=organisation,
        role=role,
        email=email,
        first_name=first_name,
        last_name=last_name,
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


def _require_same_org_admin(actor: User, member: User) -> None:
    if not actor.has_role_permission(Permission.MANAGE_MEMBERS):
        raise PermissionDenied("Only an organisation admin can manage members.")
    if member.organisation_id != actor.organisation_id:
        raise NotFound("No such member.")


@transaction.atomic
def member_invite(
    *,
    actor: User,
    username: str,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create an account without a password; the invitee sets one through a one-time link."""
    if not actor.has_role_permission(Permission.MANAGE_MEMBERS) or actor.organisation is None:
        raise PermissionDenied("Only an organisation admin can invite members.")
    member = user_create(
        username=username,
        organisation=actor.organisation,
        role=role,
        email=email,
        first_name=first_name,
        last_name=last_name,
    )
    audit_record(
        actor=actor, action="waypost.accounts.member.invited", record=member, detail={"role": role}
    )
    return member


@transaction.atomic
def member_change_role(*, actor: User, member: User, role: str) -> User:
    _require_same_org_admin(actor, member)
    if role not in Role.values:
        raise ApplicationError(f"Unknown role {role!r}.")
    if member.pk == actor.pk and role != Role.ADMIN:
        raise ApplicationError("You cannot remove your own admin role; ask another admin.")
    old_role, member.role = member.role, role
    member.save(update_fields=["role"])
    audit_record(
        actor=actor,
        action="waypost.accounts.member.role_changed",
        record=member,
        fields=["role"],
        detail={"old": old_role, "new": role},
    )
    return member


@transaction.atomic
def member_set_active(*, actor: User, member: User, active: bool) -> User:
    _require_same_org_admin(actor, member)
    if member.pk == actor.pk:
        raise ApplicationError("You cannot deactivate your own account.")
    member.is_active = active
    member.save(update_fields=["is_active"])
    if not active:
        # A deactivated member's API tokens stop working at once, not at their next use.
        ApiToken.objects.filter(user=member, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    action = "activated" if active else "deactivated"
    audit_record(actor=actor, action=f"waypost.accounts.member.{action}", record=member)
    return member


@transaction.atomic
def password_change(*, actor: User, new_password: str) -> User:
    """Set ``actor``'s own new password, already validated by the form (current one checked).

    Saving a new password hash signs out the user's other sessions (Django checks the
    hash with every request); the view keeps the current one with update_session_auth_hash.
    The user is told by email once the change is committed.
    """
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    audit_record(actor=actor, action="waypost.accounts.password.changed", record=actor)
    transaction.on_commit(lambda: notifications.password_changed_notify(user=actor), robust=True)
    return actor


@transaction.atomic
def two_factor_enrol(*, actor: User, device: TOTPDevice) -> TOTPDevice:
    """Confirm the authenticator app ``actor`` just proved they hold (a valid first code)."""
    if device.user_id != actor.pk:
        raise NotFound("No such device.")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        actor=actor,
        action="waypost.accounts.two_factor.enrolled",
        record=actor,
        detail={"device_id": device.pk},
    )
    transaction.on_commit(lambda: notifications.two_factor_enrolled_notify(user=actor), robust=True)
    return device


@transaction.atomic
def token_create(*, user: User) -> str:
    """Create an API token and return it; it is shown once and never stored in clear."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, key_hash=hash_token(raw), prefix=raw[:10])
    audit_record(actor=user, action="waypost.accounts.token.created", record=token)
    return raw


@transaction.atomic
def token_revoke(*, raw: str) -> bool:
    """Revoke a token; return False if no active token matches."""
    token = (
        ApiToken.objects.filter(key_hash=hash_token(raw.strip()), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if token is None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=token.user, action="waypost.accounts.token.revoked", record=token)
    return True
