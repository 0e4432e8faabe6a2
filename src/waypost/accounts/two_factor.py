"""Second factor (TOTP, django-otp) for every role that sees personal data.

After the password, such a user must verify a code from an authenticator app before any
other page; on their first login they enrol one (a QR code and the secret as text). API
requests with Bearer tokens are not affected (tokens are their own credential); API
requests riding on a browser session are refused until the session is verified.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import segno
from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login

from waypost.accounts import selectors, services
from waypost.accounts.models import CodeCheck, User
from waypost.accounts.permissions import audit_refusal
from waypost.accounts.roles import ROLES_REQUIRING_TWO_FACTOR

# Pages a user may reach before the second factor: enrolment, verification, leaving.
OPEN_URL_NAMES = {"accounts:two_factor", "accounts:logout", "accounts:login", "set_language"}


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
        if not needs_second_factor(request.user):
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
        if match is not None and match.view_name in OPEN_URL_NAMES:
            return None
        return redirect(f"{reverse('accounts:two_factor')}?next={request.get_full_path()}")


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _safe_next(request: HttpRequest) -> str:
    """Where to continue: ``next`` if it stays on this site, else the home page.

    Django's own check, as the sign-in page uses: a bare prefix test lets through
    ``/\\evil.example``, which browsers follow to another host.
    """
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def _refusal(result: CodeCheck) -> str:
    if result is CodeCheck.THROTTLED:
        return _("Too many wrong codes in a row. Wait a moment, then enter the current code.")
    if result is CodeCheck.REUSED:
        return _("This code was already used. Wait for the next code from your app.")
    return _("This code is not valid. Check the time on your phone and try again.")


def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol a device on first use, else verify a code; then continue where the user was going."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        return redirect("accounts:login")
    device = selectors.two_factor_device(user=user)
    enrolling = device is None
    if device is None:
        device = services.two_factor_enrolment_start(actor=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.two_factor_verify(
            actor=user, device=device, code=form.cleaned_data["code"].strip()
        )
        if result is CodeCheck.VALID:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("code", _refusal(result))
    context: dict[str, object] = {"form": form, "enrolling": enrolling}
    if enrolling:
        context["secret"] = base64.b32encode(device.bin_key).decode()
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(
            scale=4, dark="#1b1f24"
        )
    return render(request, "accounts/two_factor.html", context)
