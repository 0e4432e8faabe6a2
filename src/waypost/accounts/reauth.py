"""Re-authentication before sensitive actions (ASVS 3.7.1; issue 42).

A session may be hours old, and a computer left unlocked in an office or a camp lets
anyone act as the person signed in. Actions that are hard to undo or that hand personal
data out (API tokens, the second factor and its recovery codes, data-sharing agreements,
disclosing a reporter's identity, exports of a person's record) therefore ask for the
password again, and the second factor for people who have one, unless the person proved
who they are within the last ``WAYPOST_REAUTH_SECONDS`` (15 minutes by default).

The time of the last proof is kept in the session (``AUTH_AT_KEY``): set at sign-in, at
second-factor verification and at re-authentication. API requests with a Bearer token
never reach these views' checks (a token is its own credential, scoped and expiring).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from waypost.accounts import selectors, services
from waypost.accounts.forms import ReauthenticationForm
from waypost.accounts.models import User

AUTH_AT_KEY = "_waypost_auth_at"  # when the person last proved who they are (POSIX time)

ViewFunc = Callable[..., HttpResponse]


def mark_authenticated(request: HttpRequest) -> None:
    """Record in the session that its person proved who they are just now."""
    request.session[AUTH_AT_KEY] = time.time()


def authenticated_recently(request: HttpRequest) -> bool:
    """Whether the session's person proved who they are within the window."""
    at = request.session.get(AUTH_AT_KEY)
    if not isinstance(at, int | float):
        return False
    age = time.time() - at
    return 0 <= age <= int(settings.WAYPOST_REAUTH_SECONDS)


def recent_authentication_required(view: ViewFunc | None = None, *, back: str | None = None) -> Any:
    """Run the view only if the person proved who they are recently; else ask them to.

    A page (GET) is shown once they have confirmed. A form sent (POST) is not carried
    over, whatever it held: they come back to ``back`` (a URL name; the view's own
    address when omitted) and repeat the action, so nothing is done on their behalf
    without them seeing it again. Put it inside ``role_required``: someone whose role
    may not act is refused, not asked for their password.
    """

    def decorator(func: ViewFunc) -> ViewFunc:
        @wraps(func)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if authenticated_recently(request):
                return func(request, *args, **kwargs)
            query: dict[str, str] = {}
            if request.method in ("GET", "HEAD"):
                query["next"] = request.get_full_path()
            else:
                query["next"] = reverse(back) if back else request.get_full_path()
                query["repeat"] = "1"
            return redirect(f"{reverse('accounts:reauthenticate')}?{urlencode(query)}")

        wrapped.requires_recent_authentication = True  # type: ignore[attr-defined]
        return wrapped

    return decorator(view) if view is not None else decorator


def safe_next(request: HttpRequest) -> str:
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


@login_required
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Ask for the password (and a second-factor or recovery code), then go on."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    device = selectors.two_factor_device(user=user)
    form = ReauthenticationForm(request.POST or None, user=user, device=device)
    if request.method == "POST" and form.is_valid():
        mark_authenticated(request)
        services.reauthenticated(actor=user)
        if form.used_recovery_code:
            messages.warning(
                request,
                _("You used one of your recovery codes. Make new ones if few are left."),
            )
        return redirect(safe_next(request))
    return render(
        request,
        "accounts/reauthenticate.html",
        {"form": form, "repeat": request.GET.get("repeat") == "1"},
    )
