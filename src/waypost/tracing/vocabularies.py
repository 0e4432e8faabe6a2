"""The tracing records' vocabularies (core/vocabularies.py): codes they store, words shown."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waypost.tracing.models import (
    CandidateStatus,
    Decision,
    DnaConclusion,
    RemainsStatus,
    ReportStatus,
    Sex,
    ShareConsent,
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


class ToothState(models.TextChoices):
    """A tooth's state in an FDI dental chart (``matching.forensic.TOOTH_STATES``)."""

    SOUND = "sound", pgettext_lazy("tooth", "Sound")
    FILLED = "filled", pgettext_lazy("tooth", "Filled")
    CROWN = "crown", pgettext_lazy("tooth", "Crown")
    BRIDGE = "bridge", pgettext_lazy("tooth", "Bridge")
    IMPLANT = "implant", pgettext_lazy("tooth", "Implant")
    PROSTHESIS = "prosthesis", pgettext_lazy("tooth", "Prosthesis")
    MISSING = "missing", pgettext_lazy("tooth", "Missing tooth")


class ToothReading(models.TextChoices):
    """How a tooth's postmortem state stands against its antemortem one."""

    CONCORDANT = "concordant", pgettext_lazy("tooth", "Concordant")
    EXPLAINABLE = "explainable", pgettext_lazy("tooth", "Explainable")
    IRRECONCILABLE = "irreconcilable", pgettext_lazy("tooth", "Irreconcilable")


VOCABULARIES = {
    "tracing.sex": Sex,
    "tracing.report_status": ReportStatus,
    "tracing.remains_status": RemainsStatus,
    "tracing.candidate_status": CandidateStatus,
    "tracing.decision": Decision,
    "tracing.share_consent": ShareConsent,
    "tracing.found_at": FoundAt,
    "tracing.contact_means": ContactMeans,
    "tracing.dna_conclusion": DnaConclusion,
    "tracing.tooth_state": ToothState,
    "tracing.tooth_outcome": ToothReading,
}
