"""Passkeys and security keys (WebAuthn) beside the authenticator app (ASVS 2.3.2; issue 42).

A passkey is bound to this site's name by the browser (the relying party ID,
``WAYPOST_WEBAUTHN_RP_ID``), so a look-alike site cannot ask for it: unlike a six-digit
code, it cannot be phished. The ceremonies are django-otp-webauthn's (py_webauthn
underneath); a credential is a django-otp device, so a session verified with a passkey is
verified exactly as with the app, and ``TwoFactorRequiredMiddleware`` lets it through.

Here Waypost adds its own rules around the library's views:

* a passkey is a second factor after the password, never a sign-in on its own
  (``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False``);
* registering one is a sensitive action: the page and the two JSON steps need a recent
  proof of who the person is (``accounts.reauth``);
* every registration, use, refusal and removal is audited (``waypost.accounts.passkey.*``),
  and a passkey answer counts as a recent proof, like an app code;
* with ``WAYPOST_PASSKEY_REQUIRED_FOR_ADMINS``, an organisation admin's session is
  verified only by a passkey (``needs_passkey``).

The library's scripts are loaded as modules from the static files with their settings in a
JSON data block, which the Content Security Policy allows; their messages are translated
from Waypost's own catalogs (``passkey_catalog``), since the package has no French or Arabic.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_POST
from django.views.i18n import JavaScriptCatalog
from django_otp import login as otp_login
from django_otp_webauthn import exceptions as webauthn_errors
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.models import WebAuthnCredential

from waypost.accounts import selectors, services
from waypost.accounts.models import User
from waypost.accounts.reauth import (
    authenticated_recently,
    mark_authenticated,
    recent_authentication_required,
    safe_next,
)
from waypost.accounts.roles import Role
from waypost.core.exceptions import NotFound

# The messages the library's scripts show (their ``gettext`` calls), so that makemessages
# finds them and ``passkey_catalog`` can hand their translations to the browser.
SCRIPT_MESSAGES = (
    gettext_noop("An error occurred during verification."),
    gettext_noop("Finishing verification..."),
    gettext_noop("Verification aborted."),
    gettext_noop("Verification canceled or not allowed."),
    gettext_noop("Verification failed. A server error occurred."),
    gettext_noop("Verification failed. An unknown error occurred."),
    gettext_noop("Verification failed. An unknown server error occurred."),
    gettext_noop("Verification failed. Could not retrieve parameters from the server."),
    gettext_noop("Verification successful!"),
    gettext_noop("Verify with Passkey"),
    gettext_noop("Verifying..."),
    gettext_noop("An error occurred during registration."),
    gettext_noop("Finishing registration..."),
    gettext_noop("Register a Passkey"),
    gettext_noop("Registering..."),
    gettext_noop("Registration aborted or not allowed."),
    gettext_noop("Registration aborted."),
    gettext_noop("Registration failed. A server error occurred."),
    gettext_noop(
        "Registration failed. A technical problem occurred that prevents you from "
        "registering a Passkey for this site."
    ),
    gettext_noop("Registration failed. An unknown error occurred."),
    gettext_noop("Registration failed. The server was unable to verify this passkey."),
    gettext_noop("Registration failed. Unable to fetch registration options from server."),
    gettext_noop(
        "Registration failed. You most likely already have a Passkey registered for this site."
    ),
    gettext_noop("Registration successful!"),
)


def requires_passkey(user: object) -> bool:
    """Whether ``user`` must pass the second factor with a passkey (the admin setting)."""
    return bool(
        settings.WAYPOST_PASSKEY_REQUIRED_FOR_ADMINS
        and isinstance(user, User)
        and user.is_authenticated
        and user.role == Role.ADMIN
    )


def verified_with_passkey(user: object) -> bool:
    """Whether this request's session passed the second factor with a passkey."""
    return isinstance(getattr(user, "otp_device", None), WebAuthnCredential)


def needs_passkey(user: object) -> bool:
    """A verified admin whose session still needs a passkey (requirement on)."""
    return (
        requires_passkey(user)
        and bool(user.is_verified())  # type: ignore[attr-defined]  # set by OTPMiddleware
        and not verified_with_passkey(user)
    )


def configuration(request: HttpRequest) -> dict[str, Any]:
    """The settings the library's scripts read from the ``otp_webauthn_config`` block."""
    return {
        "autocompleteLoginFieldSelector": None,
        # Where to go after a passkey sign-in: not "input[name='next']", which is also
        # the language form's field in every page's header (the current page).
        "nextFieldSelector": "#passkey-next",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("accounts:passkey_authentication_begin"),
        "completeAuthenticationUrl": reverse("accounts:passkey_authentication_complete"),
        "beginRegistrationUrl": reverse("accounts:passkey_registration_begin"),
        "completeRegistrationUrl": reverse("accounts:passkey_registration_complete"),
    }


class ReauthenticationRequired(webauthn_errors.OTPWebAuthnApiError):
    status_code = 403
    default_code = "reauthentication_required"
    default_detail = gettext_lazy(
        "Confirm who you are again (reload this page), then register the passkey."
    )


class OwnMessages:
    """The library's refusals, told in Waypost's words and languages (its catalog has no
    French or Arabic); the code stays the library's, for the script and the audit log."""

    def handle_exception(self, exc: Exception) -> HttpResponse:
        if isinstance(exc, webauthn_errors.OTPWebAuthnApiError) and not isinstance(
            exc, ReauthenticationRequired
        ):
            exc.detail = refusal_message(str(exc.code))
        return super().handle_exception(exc)  # type: ignore[misc]


def refusal_message(code: str) -> str:
    if code in ("credential_not_found", "credential_user_mismatch", "credential_disabled"):
        return _("This passkey is not registered to your account here.")
    if code in ("invalid_state", "malformed_request"):
        return _("The passkey request expired. Reload the page and try again.")
    if code in ("not_authenticated", "passwordless_login_disabled", "user_disabled"):
        return _("Sign in with your password first.")
    if code == "user_not_verified":
        return _("Pass the second factor first.")
    return _("The passkey was not accepted. Try again, or use your authenticator app.")


class RecentProofRequired:
    """Registering a passkey is a sensitive action: both steps need a recent proof."""

    request: HttpRequest

    def check_can_register(self) -> None:
        if not authenticated_recently(self.request):
            raise ReauthenticationRequired()


class BeginRegistration(
    OwnMessages, RecentProofRequired, webauthn_views.BeginCredentialRegistrationView
):
    pass


class CompleteRegistration(RecentProofRequired, webauthn_views.CompleteCredentialRegistrationView):
    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(*args, **kwargs)
        user = self.request.user
        assert isinstance(user, User)  # noqa: S101 - the library refuses anonymous people
        credential = WebAuthnCredential.objects.get(
            user=user, pk=json.loads(response.content)["id"]
        )
        services.passkey_registered(actor=user, credential=credential)
        messages.success(self.request, _("Your passkey is registered."))
        if requires_passkey(user):
            # The admin proved who they are moments ago and holds the new key: from now
            # on their session counts as verified by it.
            otp_login(self.request, credential)
        return response


class BeginAuthentication(OwnMessages, webauthn_views.BeginCredentialAuthenticationView):
    pass


class CompleteAuthentication(OwnMessages, webauthn_views.CompleteCredentialAuthenticationView):
    def handle_exception(self, exc: Exception) -> HttpResponse:
        user = getattr(self.request, "user", None)
        if isinstance(exc, webauthn_errors.OTPWebAuthnApiError) and isinstance(user, User):
            services.passkey_failed(actor=user, reason=str(exc.code))
        return super().handle_exception(exc)

    def complete_auth(self, device: Any) -> Any:
        user = self.request.user
        if not isinstance(user, User) or not user.is_authenticated:
            # A passkey follows the password here; the library refuses it anyway
            # (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False).
            raise webauthn_errors.PasswordlessLoginDisabled()
        otp_login(self.request, device)
        mark_authenticated(self.request)
        services.passkey_verified(actor=user, credential=device)
        return user


class PasskeyCatalog(JavaScriptCatalog):
    """``gettext`` for the library's scripts, from Waypost's catalogs: only their messages.

    Django's own catalog view would send the whole ``django`` domain (every page's
    strings) or the package's ``djangojs`` domain, which has no French or Arabic.
    """

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context)

    def get_catalog(self) -> dict[str, list[str] | str]:
        return {message: _(message) for message in SCRIPT_MESSAGES}

    def get_plural(self) -> None:
        return None


@login_required
@recent_authentication_required
def passkeys(request: HttpRequest) -> HttpResponse:
    """One's passkeys and security keys: register a new one, see and remove them."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    return render(
        request,
        "accounts/passkeys.html",
        {
            "passkeys": selectors.passkeys_of(user=user),
            "webauthn_config": configuration(request),
            "required": requires_passkey(user),
            "next": safe_next(request) if request.GET.get("next") else "",
        },
    )


@require_POST
@login_required
@recent_authentication_required(back="accounts:passkeys")
def passkey_remove(request: HttpRequest, credential_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    try:
        services.passkey_remove(actor=user, credential_id=credential_id)
    except NotFound:
        messages.error(request, _("That passkey does not exist or is not yours."))
    else:
        messages.success(request, _("The passkey was removed."))
    return redirect("accounts:passkeys")
