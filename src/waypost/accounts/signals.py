"""Django's authentication signals, passed to the services that audit them (ASVS 7.2.1).

Receivers stay thin: the decision is Django's, the audit entry is the service's. Nothing of
the request is kept on the audit log (no address, no browser): only the account.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from waypost.accounts import services
from waypost.accounts.devices import browser_of, device_of
from waypost.accounts.models import User
from waypost.accounts.reauth import mark_authenticated
from waypost.accounts.sessions import BROWSER_KEY, DEVICE_KEY, SINCE_KEY


def _logged_in(sender: object, user: object, **kwargs: Any) -> None:
    if isinstance(user, User):
        services.sign_in_succeeded(actor=user)
    request = kwargs.get("request")
    if request is not None and hasattr(request, "session"):
        # For the person's list of sessions: the kind of device and browser family, never
        # the User-Agent itself nor the address (accounts.devices).
        user_agent = request.META.get("HTTP_USER_AGENT", "")
        request.session[DEVICE_KEY] = device_of(user_agent)
        request.session[BROWSER_KEY] = browser_of(user_agent)
        request.session[SINCE_KEY] = time.time()
        # The password was just given: sensitive actions need not ask for it for a while.
        mark_authenticated(request)


def _login_failed(sender: object, credentials: dict[str, Any], **kwargs: Any) -> None:
    # Django has already masked the password in ``credentials``; only the username is read.
    services.sign_in_failed(username=str(credentials.get(User.USERNAME_FIELD) or ""))


def _logged_out(sender: object, user: object, **kwargs: Any) -> None:
    if isinstance(user, User):  # None when nobody was signed in
        services.signed_out(actor=user)


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="waypost.accounts.audit.logged_in")
    user_login_failed.connect(_login_failed, dispatch_uid="waypost.accounts.audit.login_failed")
    user_logged_out.connect(_logged_out, dispatch_uid="waypost.accounts.audit.logged_out")
