"""The tracing records' vocabularies (core/vocabularies.py): codes they store, words shown."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from waypost.tracing.models import (
    CandidateStatus,
    CloseReason,
    Decision,
    DuplicateStatus,
    FamilyMayKnow,
    RemainsStatus,
    ReportStatus,
    Sex,
    ShareConsent,
    SupportResponse,
)


class FoundAt(models.TextChoices):
    """Where a found person was found (``FoundPerson.found_at_kind``)."""

    HOSPITAL = "hospital", _("Hospital")
    SHELTER = "shelter", _("Shelter")
    DETENTION = "detention", _("Detention")
    RECEPTION = "reception", _("Reception centre")
    OTHER = "other", _("Other")


class ContactMeans(models.TextChoices):
    """How the family was contacted (``ContactLogEntry.means``)."""

    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("Visit")
    MESSAGE = "message", _("Message")
    OTHER = "other", _("Other")


VOCABULARIES = {
    "tracing.sex": Sex,
    "tracing.report_status": ReportStatus,
    "tracing.remains_status": RemainsStatus,
    "tracing.candidate_status": CandidateStatus,
    "tracing.decision": Decision,
    "tracing.share_consent": ShareConsent,
    "tracing.found_at": FoundAt,
    "tracing.contact_means": ContactMeans,
    "tracing.close_reason": CloseReason,
    "tracing.support_response": SupportResponse,
    "tracing.duplicate_status": DuplicateStatus,
    "tracing.family_may_know": FamilyMayKnow,
}
