from __future__ import annotations

import hashlib
from typing import Any

import pycountry
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.cache import cache
from django.utils.functional import lazy
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from waypost.accounts import services
from waypost.accounts.models import CodeCheck, SealedTOTPDevice, User
from waypost.accounts.roles import OrganisationKind, Role
from waypost.accounts.scopes import (
    ALL_SCOPES,
    DEFAULT_LIFETIME,
    MAX_LIFETIME,
    role_allows_scope,
    scope_label,
)
from waypost.accounts.selectors import user_for_sign_in
from waypost.core.vocabularies import language_code_examples


class InviteMemberForm(forms.Form):
    username = forms.SlugField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class OrganisationForm(forms.Form):
    """An organisation's details, as ``waypost orgs create`` takes them."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    country = forms.CharField(
        label=_("Country"),
        max_length=3,
        help_text=_("ISO 3166-1 alpha-3 code, e.g. SDN."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "size": 4}),
    )
    languages = forms.CharField(
        label=_("Working languages"),
        max_length=200,
        required=False,
        help_text=lazy(lambda: language_code_examples("ar", "en"), SafeString)(),
    )

    def clean_country(self) -> str:
        code = self.cleaned_data["country"].strip().upper()
        if pycountry.countries.get(alpha_3=code) is None:
            raise forms.ValidationError(_("Use an ISO 3166-1 alpha-3 country code, such as TUN."))
        return code

    def clean_languages(self) -> list[str]:
        codes = [code.strip().lower() for code in self.cleaned_data["languages"].split(",")]
        codes = [code for code in codes if code]
        unknown = [code for code in codes if pycountry.languages.get(alpha_2=code) is None]
        if unknown:
            raise forms.ValidationError(
                _("Not ISO 639-1 language codes: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return codes


class OrganisationEditForm(OrganisationForm):
    is_active = forms.BooleanField(
        label=_("Active: its members can work in Waypost"),
        required=False,
    )


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ResetTwoFactorForm(forms.Form):
    identity_checked = forms.BooleanField(
        label=_(
            "I have checked that the person asking is this member: in person, or by calling "
            "them on a number I already had."
        ),
        required=True,
    )


# The sign-in lockout, shared by sign-in and password change: 5 wrong passwords lock the
# account for 15 minutes (ASVS 2.2.1).
MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60


def _failures_key(username: str) -> str:
    """One counter per account, whatever spelling reached it.

    ``username`` is the name sign-in authenticates with (stripped and NFKC-normalised by
    the form's field), and the account is found as authentication finds it, so every
    spelling that signs in as an account shares its one lock. A name that is no account
    gets a lock of its own, that works the same, so the lock never tells whether an account
    exists.
    """
    account = user_for_sign_in(username=username)
    subject = f"account:{account.pk}" if account is not None else f"name:{username.casefold()}"
    return f"waypost:login-failures:{hashlib.sha256(subject.encode()).hexdigest()}"


def _check_not_locked(username: str) -> None:
    if cache.get(_failures_key(username), 0) >= MAX_FAILURES:
        services.sign_in_refused_locked(username=username)
        raise forms.ValidationError(
            _("Too many failed attempts for this account. Try again in 15 minutes."),
            code="locked",
        )


def _count_failure(username: str) -> None:
    key = _failures_key(username)
    failures = cache.get(key, 0) + 1
    cache.set(key, failures, LOCK_SECONDS)
    if failures == MAX_FAILURES:
        services.sign_in_locked(username=username)


class ThrottledAuthenticationForm(AuthenticationForm):
    """Sign-in that locks an account for a while after repeated wrong passwords.

    Keyed by account, never by address: staff sign in from shared connections (an office,
    a camp), and Waypost keeps no client addresses (docs/security/threat-model.md).
    """

    def clean(self) -> dict[str, Any]:
        # The field's cleaned value, not the raw input: it is the name authenticate() gets.
        username = self.cleaned_data.get("username")
        if not username:  # a field error: no password is tried
            return super().clean()
        _check_not_locked(username)
        try:
            return super().clean()
        except forms.ValidationError:
            _count_failure(username)
            raise


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Password change (current password, then the new one twice) under the sign-in lockout.

    Wrong current passwords count towards the same lock as wrong passwords at sign-in, so
    someone holding an unattended session cannot guess the password here instead.
    """

    def clean_old_password(self) -> str:
        username = self.user.get_username()
        _check_not_locked(username)
        try:
            old_password: str = super().clean_old_password()
        except forms.ValidationError:
            services.password_check_failed(actor=self.user)
            _count_failure(username)
            raise
        return old_password


class TokenCreateForm(forms.Form):
    """A new API token of the signed-in person: only scopes their role can use are offered."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, such as the partner system that will hold it."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), widget=forms.CheckboxSelectMultiple, choices=[]
    )
    expires_in_days = forms.IntegerField(
        label=_("Lifetime in days"),
        min_value=1,
        max_value=MAX_LIFETIME.days,
        initial=DEFAULT_LIFETIME.days,
        help_text=_("At most a year (365 days). The token stops working after it."),
    )

    def __init__(self, *args: Any, role: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scopes"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - declared above
        field.choices = [
            (scope, scope_label(scope)) for scope in ALL_SCOPES if role_allows_scope(role, scope)
        ]


def code_refusal(result: CodeCheck, *, recovery: bool = False) -> str:
    """Why a second-factor code (or, with ``recovery``, a recovery code) was refused."""
    if result is CodeCheck.THROTTLED:
        if recovery:
            return gettext("Too many wrong codes in a row. Wait a moment, then try again.")
        return gettext("Too many wrong codes in a row. Wait a moment, then enter the current code.")
    if recovery:
        if result is CodeCheck.REUSED:
            return gettext("This recovery code was already used. Each code works once.")
        return gettext("This is not one of your recovery codes. Check it and try again.")
    if result is CodeCheck.REUSED:
        return gettext("This code was already used. Wait for the next code from your app.")
    return gettext("This code is not valid. Check the time on your phone and try again.")


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Recovery code"),
        max_length=40,
        help_text=_("One of the codes you wrote down or printed, such as ABCD-EFGH-JKMN-PQRS."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "dir": "ltr",
                "autofocus": True,
            }
        ),
    )


class ReauthenticationForm(forms.Form):
    """The password again, and a code when the person has a second factor (``accounts.reauth``).

    Wrong passwords count towards the sign-in lockout, as in the password change: someone
    at an unattended session cannot guess the password here instead. The code may be the
    app's current one or a recovery code (for someone who lost their phone).
    """

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "dir": "ltr"}
        ),
    )

    def __init__(
        self, *args: Any, user: User, device: SealedTOTPDevice | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.device = user, device
        self.used_recovery_code = False
        if device is None:
            del self.fields["code"]

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        username = self.user.get_username()
        _check_not_locked(username)
        if not self.user.check_password(password):
            services.reauthentication_failed(actor=self.user)
            _count_failure(username)
            raise forms.ValidationError(gettext("This is not your password."), code="wrong")
        return password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        code = "".join(str(cleaned.get("code") or "").split())
        if self.device is None or "password" not in cleaned or not code:
            return cleaned  # no second factor, a wrong password (nothing more is checked)
        if code.isdigit() and len(code) == 6:
            result = services.two_factor_verify(actor=self.user, device=self.device, code=code)
            if result is not CodeCheck.VALID:
                self.add_error("code", code_refusal(result))
        else:
            result, _device = services.recovery_code_verify(actor=self.user, code=code)
            if result is CodeCheck.VALID:
                self.used_recovery_code = True
            else:
                self.add_error("code", code_refusal(result, recovery=True))
        return cleaned
