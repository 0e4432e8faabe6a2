from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypost.accounts.models import Organisation
from waypost.protection.fields import seal_id_column, sealed, sealed_column


class DataCategory(models.TextChoices):
    TRACING = "tracing", _("Tracing")
    IDENTIFICATION = "identification", _("Identification")
    PROTECTION = "protection", _("Protection")
    ABUSE_REPORT = "abuse_report", _("Abuse report")
    HEALTH = "health", _("Health")
    MIGRATION_STATUS = "migration_status", _("Migration status")
    WHEREABOUTS = "whereabouts", _("Whereabouts")


class Purpose(models.TextChoices):
    TRACING = "tracing", _("Tracing")
    IDENTIFICATION = "identification", _("Identification")
    PROTECTION_REFERRAL = "protection_referral", _("Protection referral")
    STATISTICS = "statistics", _("Statistics")


class ConsentPurpose(models.TextChoices):
    """What a person can consent to: the purposes organisations share for, and what a found
    person allows their family to be told (never a purpose of a sharing agreement)."""

    TRACING = "tracing", _("Tracing")
    IDENTIFICATION = "identification", _("Identification")
    PROTECTION_REFERRAL = "protection_referral", _("Protection referral")
    STATISTICS = "statistics", _("Statistics")
    FAMILY_WHEREABOUTS = "family_whereabouts", _("Telling the family where the person is")
    FAMILY_ALIVE = "family_alive", _("Telling the family the person is alive, not where")


# The firewall (ECRI GPR 16, docs/security/firewall.md): what enforcement never receives.
# Everything people give to seek help: a family's enquiry (tracing) and a protection case
# as much as an abuse report or a found person's whereabouts.
FIREWALLED_CATEGORIES = frozenset(
    {
        DataCategory.TRACING,
        DataCategory.PROTECTION,
        DataCategory.ABUSE_REPORT,
        DataCategory.HEALTH,
        DataCategory.MIGRATION_STATUS,
        DataCategory.WHEREABOUTS,
    }
)


def new_key_id() -> int:
    return secrets.randbelow(2**31 - 1) + 1


class DataKey(models.Model):
    """An organisation's data key, stored only wrapped by the master key.

    ``key_id`` (written in every ciphertext) is random rather than the row's sequence
    number: a key created in a transaction that rolled back must never lend its id, and so
    its cached key, to a later key.
    """

    key_id = models.PositiveIntegerField(unique=True, default=new_key_id, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="data_keys"
    )
    version = models.PositiveIntegerField()
    wrapped = models.BinaryField()
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="data_key_version_unique"
            ),
            models.UniqueConstraint(
                fields=["organisation"], condition=models.Q(active=True), name="one_active_data_key"
            ),
        ]

    def __str__(self) -> str:
        return f"data key {self.key_id} (organisation {self.organisation_id}, v{self.version})"

    if TYPE_CHECKING:
        organisation_id: int


class ProtectedRecord(models.Model):
    """Base of every model holding personal data: an owner and a data category.

    Read such records only through ``waypost.protection.access.scoped``; keep personal
    values in ``sealed`` properties (``waypost.protection.fields``).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    seal_id = seal_id_column()
    data_category = models.CharField(
        _("data category"), max_length=24, choices=DataCategory.choices
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    legal_hold = models.BooleanField(
        _("legal hold"),
        default=False,
        help_text=_("Kept beyond its retention period (a court or an investigation needs it)."),
    )

    class Meta:
        abstract = True

    if TYPE_CHECKING:
        organisation_id: int


class SharingAgreement(models.Model):
    """One organisation shares some categories of its records with another, for a purpose."""

    provider = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="agreements_given",
        verbose_name=_("sharing organisation"),
    )
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="agreements_received",
        verbose_name=_("receiving organisation"),
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=Purpose.choices)
    # Whole categories, never a list of fields: what a recipient learns of a shared
    # record is decided by the app that discloses it (tracing discloses only that a
    # candidate exists, its score and why; docs/tracing.md), not per agreement.
    categories = models.JSONField(_("data categories"), default=list)
    starts_on = models.DateField(_("starts on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    provider_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    provider_approved_at = models.DateTimeField(null=True, blank=True)
    recipient_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipient_approved_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sharing agreement")
        verbose_name_plural = _("sharing agreements")

    def __str__(self) -> str:
        return f"{self.provider} → {self.recipient} ({self.purpose})"

    @property
    def is_approved(self) -> bool:
        return self.provider_approved_at is not None and self.recipient_approved_at is not None

    @property
    def is_ended(self) -> bool:
        """Revoked or rejected: nothing can bring it back; a new agreement is needed."""
        return self.revoked_at is not None or self.rejected_at is not None

    if TYPE_CHECKING:
        provider_id: int
        recipient_id: int


class AuditChainHead(models.Model):
    """One row: the sequence number and hash of the last chained entry.

    Whoever holds its row lock chains entries; it is only ever taken with ``SKIP LOCKED``
    (``audit._chain_batch``), so no request waits for it: an entry appended while another
    transaction holds it is chained by that one after it commits.
    """

    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"audit chain at {self.seq}"


class AuditEntry(models.Model):
    """An append-only, hash-chained record of one access to personal data.

    Appended with ``append_mac`` (its content, under a key the database does not hold);
    ``seq`` and its links are set when it is chained, in the same transaction unless
    another held the chain head at that moment.
    """

    # None while pending: appended while another transaction held the chain head.
    seq = models.PositiveBigIntegerField(unique=True, null=True, blank=True)
    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_username = models.CharField(max_length=150, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    role = models.CharField(max_length=20, blank=True)
    purpose = models.CharField(max_length=24, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    record_type = models.CharField(max_length=100, blank=True)
    record_id = models.CharField(max_length=64, blank=True, db_index=True)
    fields = models.JSONField(default=list, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    append_mac = models.CharField(max_length=64, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        place = self.seq if self.seq is not None else f"(pending {self.pk})"
        return f"{place} {self.action} {self.record_type}:{self.record_id}"


class ConsentMethod(models.TextChoices):
    SIGNED = "signed", _("Signed form")
    ORAL = "oral", _("Oral, witnessed")
    ELECTRONIC = "electronic", _("Electronic")
    GUARDIAN = "guardian", _("Given by a guardian")
    BEST_INTERESTS = "best_interests", _("Best-interests decision for a child")


class Consent(models.Model):
    """What a person agreed to, for one purpose, and whether it still holds."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    subject_type = models.CharField(max_length=100)
    subject_id = models.CharField(max_length=64)
    purpose = models.CharField(_("purpose"), max_length=24, choices=ConsentPurpose.choices)
    method = models.CharField(_("how it was given"), max_length=20, choices=ConsentMethod.choices)
    language = models.CharField(_("language"), max_length=8)
    is_child = models.BooleanField(_("the person is a child"), default=False)
    seal_id = seal_id_column()
    guardian_or_decision_sealed = sealed_column()
    guardian_or_decision = sealed("guardian_or_decision_sealed", "text")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["subject_type", "subject_id", "purpose"])]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.subject_type}:{self.subject_id} {self.purpose}"

    if TYPE_CHECKING:
        organisation_id: int


class KeyRotation(models.Model):
    """A key rotation run and how far it got, so an interrupted run resumes where it stopped."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cursors = models.JSONField(default=dict)  # model label -> last primary key done
    rows_done = models.PositiveBigIntegerField(default=0)  # rows, each once

    def __str__(self) -> str:
        return f"key rotation {self.pk}"


class RetentionRun(models.Model):
    """One run of ``waypost retention apply``: what was due and deleted, counted by kind.

    The counts are what statistics keep of deleted records; nothing personal is kept.
    """

    ran_at = models.DateTimeField(auto_now_add=True)
    dry_run = models.BooleanField()
    summary = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"retention run {self.pk}"
