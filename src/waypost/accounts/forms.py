from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from waypost.accounts.roles import Role


class InviteMemberForm(forms.Form):
    username = forms.SlugField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ThrottledAuthenticationForm(AuthenticationForm):
    """Sign-in that locks a username for a while after repeated wrong passwords.

    Keyed by username, never by address: staff sign in from shared connections (an office,
    a camp), and Waypost keeps no client addresses (docs/security/threat-model.md).
    """

    max_failures = 5
    lock_seconds = 15 * 60

    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip().casefold()
        key = f"waypost:login-failures:{hashlib.sha256(username.encode()).hexdigest()}"
        if cache.get(key, 0) >= self.max_failures:
            raise forms.ValidationError(
                _("Too many failed attempts for this account. Try again in 15 minutes."),
                code="locked",
            )
        try:
            return super().clean()
        except forms.ValidationError:
            cache.set(key, cache.get(key, 0) + 1, self.lock_seconds)
            raise
