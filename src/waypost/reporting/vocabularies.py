"""Controlled vocabularies for reports and their documentation (HURIDOCS Events Standard Formats).

The HURIDOCS event model documents a violation as an *event* made of *acts*, each done to a
*victim* by a *perpetrator*, known through *sources*, and followed by *interventions*. The
codes below are stored; their labels are translated when shown. Statistics count codes only.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ViolationType(models.TextChoices):
    ARBITRARY_DETENTION = "arbitrary-detention", _("Arbitrary detention")
    TORTURE = "torture-ill-treatment", _("Torture or ill-treatment")
    COLLECTIVE_EXPULSION = "collective-expulsion", _("Collective expulsion or pushback")
    EXTORTION = "extortion", _("Extortion")
    SEXUAL_VIOLENCE = "sexual-violence", _("Sexual violence")
    LABOUR_EXPLOITATION = "labour-exploitation", _("Labour exploitation")
    HATE_CRIME = "hate-crime", _("Hate crime")
    DENIAL_OF_ASSISTANCE = "denial-of-assistance", _("Denial of assistance")
    DEATH = "death", _("Death")


class PerpetratorCategory(models.TextChoices):
    """Who did it, in the reporter's terms (the form offers exactly these)."""

    AUTHORITY = "authority", _("An authority (police, border guards, soldiers, officials)")
    EMPLOYER = "employer", _("An employer")
    SMUGGLER = "smuggler", _("A smuggler or trafficker")
    UNKNOWN = "unknown", _("Unknown or someone else")


class AuthorityKind(models.TextChoices):
    """For a perpetrator who is an authority: which one (documentation, not the form)."""

    POLICE = "police", _("Police")
    BORDER_GUARD = "border-guard", _("Border guard or coast guard")
    MILITARY = "military", _("Military")
    DETENTION_STAFF = "detention-staff", _("Detention staff")
    OTHER_OFFICIAL = "other-official", _("Other official")
    NOT_APPLICABLE = "", _("Not an authority")


class HarmedGroup(models.TextChoices):
    """Who was harmed, in the reporter's terms."""

    ME = "me", _("Me")
    FAMILY = "family", _("Someone in my family")
    OTHERS = "others", _("Other people I was with")
    CHILD = "child", _("A child")
    WITNESSED = "witnessed", _("People I saw")


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in-review", _("Being reviewed")
    DOCUMENTED = "documented", _("Documented")
    REFERRED = "referred", _("Referred to the competent body")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    """Where accountability stands. The reporter sees these words and nothing more."""

    NONE = "", _("No outcome yet")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by the competent body")
    INVESTIGATION_OPENED = "investigation-opened", _("Investigation opened")
    CHARGES = "charges", _("Charges brought")
    REMEDY = "remedy", _("Remedy granted")
    CLOSED = "closed", _("Closed without further action")


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent: a life or safety at risk now")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class AgeGroup(models.TextChoices):
    CHILD = "child", _("Child (under 18)")
    ADULT = "adult", _("Adult")
    OLDER = "older", _("Older person (60 and over)")
    UNKNOWN = "unknown", _("Unknown")


class SourceKind(models.TextChoices):
    REPORTER = "reporter", _("The reporter")
    WITNESS = "witness", _("A witness")
    MEDICAL = "medical", _("Medical record")
    PHOTO = "photo", _("Photograph or video")
    DOCUMENT = "document", _("Official document")
    MEDIA = "media", _("Media report")
    OTHER = "other", _("Other")


class Reliability(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")
    UNKNOWN = "unknown", _("Not assessed")


class InterventionKind(models.TextChoices):
    REFERRAL = "referral", _("Referral to the competent body")
    COMPLAINT = "complaint", _("Complaint filed")
    REQUEST = "request", _("Request for information")
    LEGAL_AID = "legal-aid", _("Legal aid")
    ASSISTANCE = "assistance", _("Medical or psychosocial assistance")
    PUBLIC_STATEMENT = "public-statement", _("Public statement")


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")
    NO_RESPONSE = "no-response", _("No response")


VOCABULARIES = {
    "reporting.violation": ViolationType,
    "reporting.perpetrator": PerpetratorCategory,
    "reporting.authority": AuthorityKind,
    "reporting.harmed": HarmedGroup,
    "reporting.status": ReportStatus,
    "reporting.outcome": Outcome,
    "reporting.priority": Priority,
    "reporting.sex": Sex,
    "reporting.age_group": AgeGroup,
    "reporting.source_kind": SourceKind,
    "reporting.reliability": Reliability,
    "reporting.intervention": InterventionKind,
    "reporting.intervention_status": InterventionStatus,
}
