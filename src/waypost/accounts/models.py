from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypost.accounts.roles import ENFORCEMENT_KINDS, OrganisationKind, Permission, Role, role_has


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


class User(AbstractUser):
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
    """An API token. Only its SHA-256 is stored: a database dump gives no usable token."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12, help_text=_("First characters, to tell tokens apart."))
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    if TYPE_CHECKING:
        user_id: int
