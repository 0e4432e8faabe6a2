from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
import time
from base64 import b32encode
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from waypost.accounts.roles import ENFORCEMENT_KINDS, OrganisationKind, Permission, Role, role_has
from waypost.protection.keys import key_provider, secret_seal, secret_unseal

if TYPE_CHECKING:
    from waypost.accounts.sessions import SessionStore


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    country = models.CharField(
        _("country"), max_length=3, help_text=_("ISO 3166-1 alpha-3 code, e.g. SDN.")
    )
    languages = models.JSONField(
        _("working languages"),
        default=list,
        blank=True,
        help_text=_("ISO 639-1 codes, e.g. ar, en."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_enforcement(self) -> bool:
        return self.kind in ENFORCEMENT_KINDS


# django-stubs cannot type the reverse manager of SealedTOTPDevice.user, a foreign key
# declared by django-otp's untyped Device.
class User(AbstractUser):  # type: ignore[django-manager-missing]
    """A person who works in Waypost for one organisation, with one role."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def has_role_permission(self, permission: Permission) -> bool:
        return bool(
            self.is_active
            and self.organisation_id
            and self.organisation is not None
            and self.organisation.is_active
            and role_has(self.role, permission)
        )


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """An API token. Only its SHA-256 is stored: a database dump gives no usable token.

    It acts for its owner within its scopes (``accounts.scopes``), until it expires or is
    revoked, and only while its owner belongs to the organisation it was made for.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12, help_text=_("First characters, to tell tokens apart."))
    scopes = models.JSONField(_("scopes"), default=list)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        verbose_name=_("allowed organisation"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    if TYPE_CHECKING:
        user_id: int
        organisation_id: int | None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


# The key that seals TOTP secrets is derived from the master key for this purpose alone.
TOTP_KEY_PURPOSE = "waypost.accounts.totp"
TOTP_KEY_BYTES = 20  # 160 bits, as RFC 4226 recommends and django-otp generates


def totp_key_seal(user_id: int, key: bytes) -> bytes:
    """A TOTP secret sealed for the account ``user_id`` (it does not open on another's row)."""
    return secret_seal(TOTP_KEY_PURPOSE, key, f"accounts.totp-key:{user_id}".encode())


def totp_key_unseal(user_id: int, sealed: bytes) -> bytes:
    return secret_unseal(TOTP_KEY_PURPOSE, sealed, f"accounts.totp-key:{user_id}".encode())


class CodeCheck(enum.Enum):
    """What checking a second-factor code found (each outcome is audited differently)."""

    VALID = "valid"
    WRONG = "wrong"
    REUSED = "reused"  # a real code of this device, already used (ASVS 2.8.5)
    THROTTLED = "throttled"  # too soon after wrong codes: not even checked


class SealedTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (RFC 6238 TOTP) whose secret is sealed at rest (ASVS 2.8.2).

    django-otp's ``TOTPDevice`` stores its secret as hex in the database, so a dump would
    hold every second factor. This device has the same fields and behaviour, but keeps the
    secret only sealed (AES-256-GCM under a key derived from the master key, bound to the
    account) and opens it only to check a code or show it once at enrolment. It reuses
    django-otp's device framework (sessions, throttling, timestamps) and its TOTP
    algorithm (``django_otp.oath.TOTP``).
    """

    key_sealed = models.BinaryField(editable=False)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    # The time step of the last accepted code: only later steps are accepted (ASVS 2.8.4).
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    if TYPE_CHECKING:
        user_id: int

    @classmethod
    def new_sealed_key(cls, user_id: int) -> bytes:
        """A fresh random secret for ``user_id``, already sealed."""
        return totp_key_seal(user_id, secrets.token_bytes(TOTP_KEY_BYTES))

    @property
    def bin_key(self) -> bytes:
        """The secret, opened (never store or log it)."""
        return totp_key_unseal(self.user_id, bytes(self.key_sealed))

    @property
    def config_url(self) -> str:
        """The ``otpauth://`` URL an authenticator app reads from the enrolment QR code."""
        params = urlencode(
            {
                "secret": b32encode(self.bin_key).decode(),
                "algorithm": "SHA1",
                "digits": self.digits,
                "period": self.step,
            }
        )
        return f"otpauth://totp/{quote(self.user.get_username())}?{params}"

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1))

    def _totp(self, key: bytes, now: float) -> TOTP:
        totp = TOTP(key, self.step, self.t0, self.digits, self.drift)
        totp.time = now
        return totp

    def check_code(self, code: str) -> CodeCheck:
        """Check ``code`` as django-otp's ``TOTPDevice.verify_token`` does, saying why it
        failed: a code at or before the last accepted time step is refused as reused.

        Call it on a row locked with ``select_for_update`` (two requests with the same
        code must not both pass).
        """
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return CodeCheck.THROTTLED
        try:
            token: int | None = int(code)
        except (TypeError, ValueError):
            token = None
        key, now = self.bin_key, time.time()
        if token is not None:
            totp = self._totp(key, now)
            if totp.verify(token, self.tolerance, self.last_t + 1):
                self.last_t = totp.t()
                if getattr(settings, "OTP_TOTP_SYNC", True):
                    self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
                return CodeCheck.VALID
        self.throttle_increment(commit=True)
        if (
            token is not None
            and self.last_t >= 0
            and self._totp(key, now).verify(token, self.tolerance)
        ):
            return CodeCheck.REUSED
        return CodeCheck.WRONG

    def verify_token(self, token: object) -> bool:
        """django-otp's device interface (``django_otp.verify_token``, ``match_token``)."""
        return self.check_code(str(token)) is CodeCheck.VALID


# Recovery codes: single-use codes a person keeps on paper, for the day their authenticator
# app is lost (ASVS 2.6). Only a keyed hash of each is stored (HMAC-SHA256 under a key
# derived from the master key, bound to the account), so a database dump gives neither the
# codes nor a way to test guesses offline.
RECOVERY_CODE_PURPOSE = "waypost.accounts.recovery-code"
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_GROUPS = 4  # of 4 characters: 16 characters of Crockford base32, 80 bits
RECOVERY_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Crockford's decoding: what a person may type for a character that looks alike.
_RECOVERY_CODE_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def recovery_code_new() -> str:
    """A fresh random recovery code, as shown: ``XXXX-XXXX-XXXX-XXXX``."""
    chars = "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(4 * RECOVERY_CODE_GROUPS))
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


def recovery_code_normalise(code: str) -> str:
    """The code's characters only: spaces and dashes dropped, case and look-alikes folded."""
    kept = "".join(ch for ch in str(code).upper() if ch not in " -\t\n")
    return kept.translate(_RECOVERY_CODE_LOOKALIKES)


def recovery_code_hash(user_id: int, code: str) -> str:
    key = key_provider().derive(RECOVERY_CODE_PURPOSE)
    message = f"{user_id}:{recovery_code_normalise(code)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A person's set of recovery codes, a second factor of django-otp's device framework.

    It plays the part of django-otp's ``StaticDevice`` (``otp_static``), which keeps its
    codes in clear: here each code is a ``RecoveryCode`` row holding only a keyed hash,
    spent by marking it used. One device per person; making new codes replaces the old.
    """

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    if TYPE_CHECKING:
        user_id: int

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1))

    def check_code(self, code: str) -> CodeCheck:
        """Spend ``code`` if it is one of this device's unused codes.

        Call it on a row locked with ``select_for_update``: the same code sent twice at
        once is spent once. A used code is refused as reused (and told apart for the log).
        """
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return CodeCheck.THROTTLED
        normalised = recovery_code_normalise(code)
        if len(normalised) == 4 * RECOVERY_CODE_GROUPS:
            found = self.codes.filter(
                code_hash=recovery_code_hash(self.user_id, normalised)
            ).first()
        else:
            found = None
        if found is not None and found.used_at is None:
            found.used_at = timezone.now()
            found.save(update_fields=["used_at"])
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return CodeCheck.VALID
        self.throttle_increment(commit=True)
        return CodeCheck.REUSED if found is not None else CodeCheck.WRONG

    def verify_token(self, token: object) -> bool:
        """django-otp's device interface (``django_otp.verify_token``, ``match_token``)."""
        return self.check_code(str(token)) is CodeCheck.VALID


class RecoveryCode(models.Model):
    """One recovery code of a ``RecoveryCodeDevice``: its keyed hash, and when it was used."""

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["device", "code_hash"], name="recovery_code_unique")
        ]

    def __str__(self) -> str:
        return f"recovery code {self.pk} ({'used' if self.used_at else 'unused'})"


class HashedSession(AbstractBaseSession):
    """A browser session, keyed by the SHA-256 of its key (``accounts.sessions``).

    Whose it is, when it began and was last seen and on what kind of device are kept
    beside the data, so a person can list and end their sessions, and ending all of a
    person's sessions is one indexed delete rather than a decoding of every session.
    Never an address: the device is a coarse kind and browser family (``accounts.devices``).
    """

    session_key = models.CharField(_("session key hash"), max_length=64, primary_key=True)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=True
    )
    created_at = models.DateTimeField(_("signed in"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    device = models.CharField(_("device"), max_length=16, blank=True)
    browser = models.CharField(_("browser"), max_length=16, blank=True)

    if TYPE_CHECKING:
        user_id: int | None

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls) -> type[SessionStore]:
        from waypost.accounts.sessions import SessionStore

        return SessionStore
