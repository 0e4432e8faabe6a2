"""Writes for organisations, members and API tokens."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pycountry
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_otp_webauthn.models import WebAuthnCredential

from waypost.accounts import notifications
from waypost.accounts.models import (
    RECOVERY_CODE_COUNT,
    ApiToken,
    CodeCheck,
    HashedSession,
    Organisation,
    RecoveryCode,
    RecoveryCodeDevice,
    SealedTOTPDevice,
    User,
    hash_token,
    recovery_code_hash,
    recovery_code_new,
)
from waypost.accounts.roles import ENFORCEMENT_KINDS, OrganisationKind, Permission, Role
from waypost.accounts.scopes import (
    DEFAULT_LIFETIME,
    MAX_LIFETIME,
    ScopeError,
    default_scopes_for,
    normalise_scopes,
    role_allows_scope,
)
from waypost.accounts.selectors import may_manage_organisations, user_for_sign_in
from waypost.core.exceptions import ApplicationError, NotFound, PermissionDenied
from waypost.core.validators import without_bidi_controls
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
def _require_organisations_manager(actor: User | None) -> None:
    """``actor`` None is the server's operator at the command line (``waypost orgs``)."""
    if actor is not None and not may_manage_organisations(actor):
        raise PermissionDenied(_("Only an operator can manage organisations."))


def _validate_kind(kind: str) -> str:
    if kind not in OrganisationKind.values:
        raise ApplicationError(
            f"Unknown organisation kind {kind!r}; choose one of {', '.join(OrganisationKind.values)}."
        )
    return kind


def _validate_name(name: str) -> str:
    name = without_bidi_controls(name).strip()
    if not name:
        raise ApplicationError("An organisation needs a name.")
    return name


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str,
    country: str,
    languages: list[str] | None = None,
    slug: str | None = None,
    actor: User | None = None,
) -> Organisation:
    _require_organisations_manager(actor)
    _validate_kind(kind)
    name = _validate_name(name)
    if slug and Organisation.objects.filter(slug=slug).exists():
        raise ApplicationError(f"The short name {slug!r} is taken.")
    organisation = Organisation.objects.create(
        name=name,
        slug=slug or _unique_slug(name),
        kind=kind,
        country=validate_country(country),
        languages=validate_languages(languages or []),
    )
    if actor is not None:  # a member of an organisation, in the pages; as users_create,
        # the server's operator at the command line is not on the log
        audit_record(
            actor=actor,
            action="waypost.accounts.organisation.created",
            record=organisation,
            detail={"slug": organisation.slug, "kind": organisation.kind},
        )
    return organisation


ORGANISATION_FIELDS = ("name", "kind", "country", "languages", "is_active")


@transaction.atomic
def organisation_update(
    *,
    actor: User | None,
    organisation: Organisation,
    name: str,
    kind: str,
    country: str,
    languages: list[str],
    is_active: bool,
) -> Organisation:
    """Correct an organisation's details; its short name stays, scripts and tokens use it.

    Its kind may not cross the firewall: what other organisations shared with it, and the
    reports it may receive, were decided on its kind; an organisation that turns into a law
    enforcement body (or the reverse) is a new organisation. Nobody deactivates their own
    organisation (it would lock them out with everyone in it).
    """
    _require_organisations_manager(actor)
    _validate_kind(kind)
    if (kind in ENFORCEMENT_KINDS) != (organisation.kind in ENFORCEMENT_KINDS):
        raise ApplicationError(
            _(
                "An organisation cannot move across the firewall between protection and law enforcement: create a new organisation instead."
            )
        )
    if not is_active and actor is not None and actor.organisation_id == organisation.pk:
        raise ApplicationError(_("You cannot deactivate your own organisation."))
    new = {
        "name": _validate_name(name),
        "kind": kind,
        "country": validate_country(country),
        "languages": validate_languages(languages),
        "is_active": is_active,
    }
    old = {field: getattr(organisation, field) for field in ORGANISATION_FIELDS}
    changed = [field for field in ORGANISATION_FIELDS if old[field] != new[field]]
    if not changed:
        return organisation
    for field in changed:
        setattr(organisation, field, new[field])
    organisation.save(update_fields=changed)
    audit_record(
        actor=actor,
        action="waypost.accounts.organisation.updated",
        record=organisation,
        fields=changed,
        detail={"old": {f: old[f] for f in changed}, "new": {f: new[f] for f in changed}},
    )
    return organisation


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
        first_name=without_bidi_controls(first_name),
        last_name=without_bidi_controls(last_name),
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
def two_factor_enrolment_start(*, actor: User) -> SealedTOTPDevice:
    """The unconfirmed authenticator app ``actor`` is setting up, created on first use with
    a fresh secret (sealed from the start: it is never written in clear)."""
    device = SealedTOTPDevice.objects.filter(user=actor, confirmed=False).order_by("pk").first()
    if device is None:
        device = SealedTOTPDevice.objects.create(
            user=actor,
            name="authenticator",
            confirmed=False,
            key_sealed=SealedTOTPDevice.new_sealed_key(actor.pk),
        )
        audit_record(
            actor=actor,
            action="waypost.accounts.two_factor.enrolment_started",
            record=actor,
            detail={"device_id": device.pk},
        )
    return device


@transaction.atomic
def two_factor_enrol(*, actor: User, device: SealedTOTPDevice) -> SealedTOTPDevice:
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


CODE_CHECK_ACTIONS = {
    CodeCheck.WRONG: "waypost.accounts.two_factor.failed",
    CodeCheck.REUSED: "waypost.accounts.two_factor.reused",
    CodeCheck.THROTTLED: "waypost.accounts.two_factor.throttled",
}


@transaction.atomic
def two_factor_verify(*, actor: User, device: SealedTOTPDevice, code: str) -> CodeCheck:
    """Check a code from ``actor``'s authenticator app, and audit the decision (ASVS 7.2.1).

    The device row is locked while the code is checked, so the same code sent twice at
    once passes only once (ASVS 2.8.4). A valid first code confirms an app being set up.
    A code already used is refused, audited and the user told by email (ASVS 2.8.5): it
    may have been seen over their shoulder or taken by a phishing page.
    """
    locked = SealedTOTPDevice.objects.select_for_update().filter(pk=device.pk, user=actor).first()
    if locked is None:
        raise NotFound("No such device.")
    result = locked.check_code(code)
    if result is CodeCheck.VALID:
        if locked.confirmed:
            audit_record(
                actor=actor,
                action="waypost.accounts.two_factor.verified",
                record=actor,
                detail={"device_id": locked.pk},
            )
        else:
            two_factor_enrol(actor=actor, device=locked)
        return result
    audit_record(
        actor=actor,
        action=CODE_CHECK_ACTIONS[result],
        record=actor,
        detail={"device_id": locked.pk, "enrolling": not locked.confirmed},
    )
    if result is CodeCheck.REUSED:
        transaction.on_commit(
            lambda: notifications.two_factor_code_reused_notify(user=actor), robust=True
        )
    return result


@transaction.atomic
def recovery_codes_generate(*, actor: User) -> list[str]:
    """Make ``actor`` a new set of recovery codes and return them, to be shown once.

    Only a keyed hash of each is stored. Any codes made before stop working: the person
    keeps one set, the newest. Only someone with an authenticator app set up has codes
    (they back it up; they do not replace it).
    """
    if not SealedTOTPDevice.objects.filter(user=actor, confirmed=True).exists():
        raise ApplicationError(_("Set up an authenticator app first."))
    device, _created = RecoveryCodeDevice.objects.select_for_update().get_or_create(
        user=actor, defaults={"name": "recovery codes", "confirmed": True}
    )
    previous = device.codes.filter(used_at__isnull=True).count()
    device.codes.all().delete()
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = recovery_code_new()
        if code not in codes:
            codes.append(code)
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, code_hash=recovery_code_hash(actor.pk, code)) for code in codes
    )
    device.throttle_reset(commit=False)
    device.confirmed = True
    device.save()
    audit_record(
        actor=actor,
        action="waypost.accounts.recovery_codes.generated",
        record=actor,
        detail={"device_id": device.pk, "codes": len(codes), "unused_replaced": previous},
    )
    transaction.on_commit(
        lambda: notifications.recovery_codes_generated_notify(user=actor), robust=True
    )
    return codes


RECOVERY_CHECK_ACTIONS = {
    CodeCheck.VALID: "waypost.accounts.recovery_code.used",
    CodeCheck.WRONG: "waypost.accounts.recovery_code.failed",
    CodeCheck.REUSED: "waypost.accounts.recovery_code.reused",
    CodeCheck.THROTTLED: "waypost.accounts.recovery_code.throttled",
}


@transaction.atomic
def recovery_code_verify(*, actor: User, code: str) -> tuple[CodeCheck, RecoveryCodeDevice | None]:
    """Spend one of ``actor``'s recovery codes as their second factor, audited either way.

    The device row is locked while the code is checked, so a code sent twice at once
    is spent once. A valid code is spent for good; the person is told by email, and so is
    anyone who tries a code already spent (it may have been copied). ``None`` as device
    when ``actor`` has no recovery codes (the answer is WRONG, as for a wrong code).
    """
    device = (
        RecoveryCodeDevice.objects.select_for_update().filter(user=actor, confirmed=True).first()
    )
    if device is None:
        audit_record(
            actor=actor,
            action=RECOVERY_CHECK_ACTIONS[CodeCheck.WRONG],
            record=actor,
            detail={"device_id": None},
        )
        return CodeCheck.WRONG, None
    result = device.check_code(code)
    detail: dict[str, object] = {"device_id": device.pk}
    if result is CodeCheck.VALID:
        detail["codes_left"] = device.codes.filter(used_at__isnull=True).count()
    audit_record(actor=actor, action=RECOVERY_CHECK_ACTIONS[result], record=actor, detail=detail)
    if result is CodeCheck.VALID:
        left = int(str(detail["codes_left"]))
        transaction.on_commit(
            lambda: notifications.recovery_code_used_notify(user=actor, codes_left=left),
            robust=True,
        )
    elif result is CodeCheck.REUSED:
        transaction.on_commit(
            lambda: notifications.recovery_code_reused_notify(user=actor), robust=True
        )
    return result, device


# Passkeys and security keys (WebAuthn, accounts/webauthn.py). The library keeps the
# credential (its public key, the credential ID and a signature counter: nothing secret
# and nothing about the person beyond the account); these record each step on the audit log.


@transaction.atomic
def passkey_registered(*, actor: User, credential: WebAuthnCredential) -> None:
    """``actor`` registered a new passkey or security key (after confirming who they are)."""
    audit_record(
        actor=actor,
        action="waypost.accounts.passkey.registered",
        record=actor,
        detail={"credential_id": credential.pk, "discoverable": credential.discoverable},
    )
    transaction.on_commit(lambda: notifications.passkey_registered_notify(user=actor), robust=True)


@transaction.atomic
def passkey_verified(*, actor: User, credential: WebAuthnCredential) -> None:
    """``actor`` passed the second factor (or confirmed who they are) with a passkey."""
    audit_record(
        actor=actor,
        action="waypost.accounts.passkey.verified",
        record=actor,
        detail={"credential_id": credential.pk},
    )


@transaction.atomic
def passkey_failed(*, actor: User, reason: str) -> None:
    """A passkey answer of ``actor``'s was refused (``reason``: the library's error code)."""
    audit_record(
        actor=actor,
        action="waypost.accounts.passkey.failed",
        record=actor,
        detail={"reason": reason[:64]},
    )


@transaction.atomic
def passkey_remove(*, actor: User, credential_id: int) -> None:
    """Remove one of ``actor``'s own passkeys; another person's is "not found"."""
    credential = WebAuthnCredential.objects.filter(user=actor, pk=credential_id).first()
    if credential is None:
        raise NotFound("No such passkey.")
    credential.delete()
    audit_record(
        actor=actor,
        action="waypost.accounts.passkey.removed",
        record=actor,
        detail={"credential_id": credential_id},
    )
    transaction.on_commit(lambda: notifications.passkey_removed_notify(user=actor), robust=True)


@transaction.atomic
def reauthenticated(*, actor: User) -> None:
    """``actor`` confirmed who they are (password, and second factor if they have one)
    before a sensitive action (``accounts.reauth``)."""
    audit_record(actor=actor, action="waypost.accounts.reauthenticated", record=actor)


@transaction.atomic
def reauthentication_failed(*, actor: User) -> None:
    """A wrong password while confirming who one is before a sensitive action."""
    audit_record(actor=actor, action="waypost.accounts.reauthentication.failed", record=actor)


def _end_sessions_of(user: User) -> int:
    """End every browser session of ``user``: one delete through the index on the owner
    (``HashedSession.user``), whatever the number of other people's sessions."""
    ended, _per_model = HashedSession.objects.filter(user=user).delete()
    return ended


@transaction.atomic
def session_end(*, actor: User, session_id: str) -> None:
    """End one of ``actor``'s own sessions (by its id, the hash of its key): the browser
    holding it is signed out at its next request. NotFound for anyone else's."""
    ended, _per_model = HashedSession.objects.filter(pk=session_id, user=actor).delete()
    if not ended:
        raise NotFound(_("No such session."))
    audit_record(actor=actor, action="waypost.accounts.session.ended", record=actor)


@transaction.atomic
def sessions_end_others(*, actor: User, current_session_id: str) -> int:
    """End all of ``actor``'s sessions but the one they use."""
    ended, _per_model = (
        HashedSession.objects.filter(user=actor).exclude(pk=current_session_id).delete()
    )
    audit_record(
        actor=actor,
        action="waypost.accounts.session.ended_others",
        record=actor,
        detail={"sessions_ended": ended},
    )
    return ended


@transaction.atomic
def member_sessions_end(*, actor: User, member: User) -> int:
    """An organisation admin signs a member out everywhere (a lost phone, a shared
    computer); the member signs in again with their password and second factor."""
    _require_same_org_admin(actor, member)
    ended = _end_sessions_of(member)
    audit_record(
        actor=actor,
        action="waypost.accounts.member.sessions_ended",
        record=member,
        detail={"sessions_ended": ended},
    )
    return ended


@transaction.atomic
def two_factor_reset(*, actor: User, member: User) -> User:
    """Remove ``member``'s authenticator apps after they lost theirs (ASVS 2.5.7, 2.8.6).

    The admin checks the member's identity first, in person or by calling a number they
    already know (the page says so). The lost app stops working at once; every session of
    the member ends, so nobody holding one of them can set up an app of their own; the
    member signs in again with their password and sets up a new app, and is told by email.
    """
    _require_same_org_admin(actor, member)
    if member.pk == actor.pk:
        raise ApplicationError(_("You cannot reset your own second factor; ask another admin."))
    devices = SealedTOTPDevice.objects.filter(user=member)
    if not devices.filter(confirmed=True).exists():
        raise ApplicationError(
            _("%(name)s has no second factor to reset.") % {"name": member.username}
        )
    device_ids = sorted(devices.values_list("pk", flat=True))
    devices.delete()
    # The member's passkeys go too: one of them may be what was lost, and with the
    # requirement for admins on, a lost key is what brings an admin here.
    passkeys = WebAuthnCredential.objects.filter(user=member)
    passkeys_removed = passkeys.count()
    passkeys.delete()
    # The recovery codes back up the lost app: they go with it.
    recovery = RecoveryCodeDevice.objects.filter(user=member)
    recovery_codes_removed = RecoveryCode.objects.filter(device__in=recovery).count()
    recovery.delete()
    sessions_ended = _end_sessions_of(member)
    audit_record(
        actor=actor,
        action="waypost.accounts.two_factor.removed",
        record=member,
        detail={
            "device_ids": device_ids,
            "recovery_codes_removed": recovery_codes_removed,
            "passkeys_removed": passkeys_removed,
            "sessions_ended": sessions_ended,
        },
    )
    transaction.on_commit(
        lambda: notifications.two_factor_reset_notify(user=member, by=actor), robust=True
    )
    return member


# Authentication decisions (ASVS 7.2.1, 2.8.5) on the audit log: the account, never a
# password, a code, an address or a browser. The username tried is kept only when it names
# an account: what someone types as a username may be their password, in the wrong field.


def _sign_in_refusal_audit(action: str, username: str) -> None:
    account = user_for_sign_in(username=username) if username else None
    detail: dict[str, object] = (
        {"username": account.username, "organisation_id": account.organisation_id}
        if account is not None
        else {}
    )
    audit_record(actor=None, action=action, record=account, detail=detail)


@transaction.atomic
def sign_in_succeeded(*, actor: User) -> None:
    """``actor`` gave the right password (the second factor, if needed, comes next)."""
    audit_record(actor=actor, action="waypost.accounts.sign_in.succeeded", record=actor)


@transaction.atomic
def sign_in_failed(*, username: str) -> None:
    """A wrong password, an unknown username or a deactivated account."""
    _sign_in_refusal_audit("waypost.accounts.sign_in.failed", username)


@transaction.atomic
def sign_in_locked(*, username: str) -> None:
    """The failure that locked the account (or the name, when it is none) for a while."""
    _sign_in_refusal_audit("waypost.accounts.sign_in.locked", username)


@transaction.atomic
def sign_in_refused_locked(*, username: str) -> None:
    """A password not even checked, because the account is locked."""
    _sign_in_refusal_audit("waypost.accounts.sign_in.refused_locked", username)


@transaction.atomic
def password_check_failed(*, actor: User) -> None:
    """A signed-in user gave a wrong current password (to change it)."""
    audit_record(actor=actor, action="waypost.accounts.password.check_failed", record=actor)


@transaction.atomic
def signed_out(*, actor: User) -> None:
    audit_record(actor=actor, action="waypost.accounts.signed_out", record=actor)


# Refused tokens are counted per source (a known token, or every unknown one together: no
# address is kept) over a window that starts at the first refusal; only the first refusal
# and each tenfold count are written, so a flood of guesses adds a few entries, not one
# each, and the log still says how large it was. Per process unless the cache is Redis.
TOKEN_REFUSAL_WINDOW_SECONDS = 60 * 60


def _refusals_in_window(source: str) -> int:
    key = f"waypost:token-refusals:{source}"
    cache.add(key, 0, TOKEN_REFUSAL_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between the two calls
        cache.set(key, 1, TOKEN_REFUSAL_WINDOW_SECONDS)
        return 1


@transaction.atomic
def token_refused(*, raw: str, reason: str = "unknown") -> None:
    """An API request with a token that is unknown, revoked, of a deactivated member,
    expired, or whose owner left the organisation it was made for (``reason``).

    A known token is named by its id (never its value); an unknown one by nothing. The
    entry carries how many refusals its source has had in the window (see above).
    """
    token = ApiToken.objects.filter(key_hash=hash_token(raw)).select_related("user").first()
    refused = _refusals_in_window(f"token:{token.pk}" if token is not None else "unknown")
    if refused != 10 ** (len(str(refused)) - 1):
        return
    detail: dict[str, object] = {"refused_in_window": refused}
    if reason not in ("unknown", "revoked"):  # an expired token, or one whose owner moved
        detail["reason"] = reason
    if token is not None:
        detail["organisation_id"] = token.user.organisation_id
    audit_record(actor=None, action="waypost.accounts.token.refused", record=token, detail=detail)


@transaction.atomic
def access_refused(*, actor: User, status: int, view_name: str) -> None:
    """A signed-in user or token was refused a page or record (ASVS 7.2.2).

    403 for a role without the permission; 404 for a record hidden from the caller, which
    is logged as "not found" because it cannot be told apart from a missing one (the
    caller must not learn the difference, and the log keeps the rule). Only the route's
    name is kept: a URL can carry a one-time token (invitations) or a report's reference.
    """
    audit_record(
        actor=actor,
        action="waypost.access.refused",
        detail={"status": status, "view": view_name},
    )


@transaction.atomic
def token_create(
    *,
    user: User,
    name: str = "",
    scopes: list[str] | None = None,
    lifetime: timedelta | None = None,
    actor: User | None = None,
) -> str:
    """Create an API token for ``user`` and return it; it is shown once, stored only hashed.

    ``scopes`` default to all the owner's role can use (``scopes.default_scopes_for``), the
    power tokens had before scopes; a scope the role cannot use is refused, since the
    token could never use it. The token works for the organisation ``user`` belongs to
    now and stops if they move. ``actor`` is who asks, ``None`` for the operator at the
    command line; a person makes tokens only for themselves.
    """
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied(_("You can only create tokens for yourself."))
    if not user.is_active or user.organisation_id is None:
        raise ApplicationError(_("Only an active member of an organisation can hold a token."))
    try:
        chosen = default_scopes_for(user.role) if scopes is None else normalise_scopes(list(scopes))
    except ScopeError as error:
        raise ApplicationError(str(error)) from error
    if not chosen:
        raise ApplicationError(_("Choose at least one scope."))
    refused = [scope for scope in chosen if not role_allows_scope(user.role, scope)]
    if refused:
        raise ApplicationError(
            _("The role of %(name)s cannot use %(scopes)s.")
            % {"name": user.username, "scopes": ", ".join(refused)}
        )
    lifetime = DEFAULT_LIFETIME if lifetime is None else lifetime
    if not timedelta(days=1) <= lifetime <= MAX_LIFETIME:
        raise ApplicationError(_("A token lives at least a day and at most a year."))
    name = without_bidi_controls(name).strip()[:100]
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=hash_token(raw),
        prefix=raw[:10],
        scopes=chosen,
        organisation_id=user.organisation_id,
        expires_at=timezone.now() + lifetime,
    )
    audit_record(
        actor=user,
        action="waypost.accounts.token.created",
        record=token,
        detail={"scopes": chosen, "expires_at": token.expires_at.isoformat()},
    )
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


@transaction.atomic
def token_revoke_by_id(*, actor: User | None, token_id: int, owner: User | None = None) -> ApiToken:
    """Revoke one of ``actor``'s own tokens from the token page (NotFound for another's),
    or, with ``actor`` None, any token of ``owner`` by its id (the operator's command)."""
    tokens = ApiToken.objects.select_for_update().filter(pk=token_id, revoked_at__isnull=True)
    holder = actor if actor is not None else owner
    if holder is not None:
        tokens = tokens.filter(user=holder)
    token = tokens.select_related("user").first()
    if token is None:
        raise NotFound(_("No such active token."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=token.user, action="waypost.accounts.token.revoked", record=token)
    return token
