"""Second factor (TOTP, django-otp) for every role that sees personal data.

After the password, such a user must verify a code from an authenticator app before any
other page; on their first login they enrol one (a QR code and the secret as text). API
requests with Bearer tokens are not affected (tokens are their own credential); API
requests riding on a browser session are refused until the session is verified.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_otp import login as otp_login

from waypost.accounts import selectors, services, webauthn
from waypost.accounts.forms import RecoveryCodeForm, code_refusal
from waypost.accounts.models import CodeCheck, User
from waypost.accounts.permissions import audit_refusal
from waypost.accounts.reauth import mark_authenticated, recent_authentication_required, safe_next
from waypost.accounts.roles import ROLES_REQUIRING_TWO_FACTOR
from waypost.accounts.webauthn import needs_passkey, requires_passkey
from waypost.core.exceptions import ApplicationError

# Pages a user may reach before the second factor: enrolment, verification, leaving.
OPEN_URL_NAMES = {
    "accounts:two_factor",
    "accounts:two_factor_recovery",
    "accounts:logout",
    "accounts:login",
    "set_language",
    "accounts:passkey_authentication_begin",
    "accounts:passkey_authentication_complete",
    "accounts:passkey_catalog",
}
# And those an admin verified without a passkey may reach when passkeys are required for
# admins (WAYPOST_PASSKEY_REQUIRED_FOR_ADMINS): registering one, and what leads there.
PASSKEY_OPEN_URL_NAMES = OPEN_URL_NAMES | {
    "accounts:passkeys",
    "accounts:passkey_registration_begin",
    "accounts:passkey_registration_complete",
    "accounts:reauthenticate",
    "accounts:recovery_codes",
}


def needs_second_factor(user: object) -> bool:
    return bool(
        isinstance(user, User)
        and user.is_authenticated
        and user.role in ROLES_REQUIRING_TWO_FACTOR
        and not user.is_verified()  # type: ignore[attr-defined]  # set by OTPMiddleware
    )


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: object, view_args: object, view_kwargs: object
    ) -> HttpResponse | None:
        user = request.user
        if needs_second_factor(user):
            open_names, target = OPEN_URL_NAMES, "accounts:two_factor"
        elif needs_passkey(user):
            # An admin verified with an app or recovery code while passkeys are required:
            # with a passkey, they use it; without one, they register one now.
            open_names = PASSKEY_OPEN_URL_NAMES
            assert isinstance(user, User)  # noqa: S101 - needs_passkey
            has_passkey = selectors.has_passkey(user=user)
            target = "accounts:two_factor" if has_passkey else "accounts:passkeys"
        else:
            return None
        if request.path.startswith("/api/"):
            audit_refusal(request, 403)
            return JsonResponse(
                {
                    "type": "about:blank",
                    "title": "Forbidden",
                    "status": 403,
                    "detail": "Verify your second factor in the browser first.",
                },
                status=403,
                content_type="application/problem+json",
            )
        match = request.resolver_match
        if match is not None and match.view_name in open_names:
            return None
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol a device on first use, else verify a code; then continue where the user was going."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        return redirect("accounts:login")
    device = selectors.two_factor_device(user=user)
    has_passkey = selectors.has_passkey(user=user)
    # Admins with a passkey, when passkeys are required for them, use it and nothing else.
    passkey_only = has_passkey and requires_passkey(user)
    enrolling = device is None and not passkey_only
    if device is None and not passkey_only:
        device = services.two_factor_enrolment_start(actor=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and not passkey_only and device is not None and form.is_valid():
        result = services.two_factor_verify(
            actor=user, device=device, code=form.cleaned_data["code"].strip()
        )
        if result is CodeCheck.VALID:
            otp_login(request, device)
            mark_authenticated(request)
            if enrolling:
                # The app is set up: now the recovery codes that back it up, shown once.
                messages.success(request, _("Your authenticator app is set up."))
                query = urlencode({"next": safe_next(request)})
                return redirect(f"{reverse('accounts:recovery_codes')}?{query}")
            return redirect(safe_next(request))
        form.add_error("code", code_refusal(result))
    context: dict[str, object] = {
        "form": form,
        "enrolling": enrolling,
        "passkey_only": passkey_only,
        "offer_passkey": has_passkey,
        "webauthn_config": webauthn.configuration(request) if has_passkey else None,
    }
    if enrolling and device is not None:
        context["secret"] = base64.b32encode(device.bin_key).decode()
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(
            scale=4, dark="#1b1f24"
        )
    return render(request, "accounts/two_factor.html", context)


def two_factor_recovery(request: HttpRequest) -> HttpResponse:
    """Pass the second factor with a recovery code instead of the app (it is spent)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        return redirect("accounts:login")
    if selectors.two_factor_device(user=user) is None:
        return redirect("accounts:two_factor")  # nothing to recover: set up an app
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result, device = services.recovery_code_verify(actor=user, code=form.cleaned_data["code"])
        if result is CodeCheck.VALID and device is not None:
            otp_login(request, device)
            mark_authenticated(request)
            left = selectors.recovery_codes_left(user=user) or 0
            messages.warning(
                request,
                ngettext(
                    "You signed in with a recovery code; %(count)d unused code is left. "
                    "Make new codes, and ask your admin to reset your second factor if you "
                    "lost your authenticator app.",
                    "You signed in with a recovery code; %(count)d unused codes are left. "
                    "Make new codes, and ask your admin to reset your second factor if you "
                    "lost your authenticator app.",
                    left,
                )
                % {"count": left},
            )
            return redirect(safe_next(request))
        form.add_error("code", code_refusal(result, recovery=True))
    return render(
        request,
        "accounts/two_factor_recovery.html",
        {"form": form, "has_recovery_codes": selectors.recovery_codes_left(user=user) is not None},
    )


@login_required
@recent_authentication_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; make a new set (shown once, in this answer only)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    has_app = selectors.two_factor_device(user=user) is not None
    new_codes: list[str] | None = None
    if request.method == "POST" and has_app:
        try:
            new_codes = services.recovery_codes_generate(actor=user)
        except ApplicationError as error:
            messages.error(request, error.message)
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "has_app": has_app,
            "codes_left": selectors.recovery_codes_left(user=user),
            "new_codes": new_codes,
            "next": safe_next(request) if request.GET.get("next") else "",
        },
    )
