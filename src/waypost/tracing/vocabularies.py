"""The tracing records' vocabularies (core/vocabularies.py): codes they store, words shown."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waypost.tracing.models import (
    CandidateStatus,
    CloseReason,
    Decision,
    DnaConclusion,
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


# Antemortem and postmortem codes (``tracing/forensic.py`` holds the codes and checks them;
# a test checks that each code has its label here).
TOOTH_STATES = {
    "sound": pgettext_lazy("tooth state", "Sound"),
    "missing": pgettext_lazy("tooth state", "Missing tooth"),
    "filled": pgettext_lazy("tooth state", "Filled"),
    "crown": pgettext_lazy("tooth state", "Crown"),
    "bridge": pgettext_lazy("tooth state", "Bridge"),
    "implant": pgettext_lazy("tooth state", "Implant"),
    "prosthesis": pgettext_lazy("tooth state", "Prosthesis"),
}
MANNERS_OF_DEATH = {
    "natural": pgettext_lazy("manner of death", "Natural"),
    "accident": pgettext_lazy("manner of death", "Accident"),
    "homicide": pgettext_lazy("manner of death", "Homicide"),
    "suicide": pgettext_lazy("manner of death", "Suicide"),
    "undetermined": pgettext_lazy("manner of death", "Undetermined"),
    "pending": pgettext_lazy("manner of death", "Pending investigation"),
}
BODY_REGIONS = {
    "head": pgettext_lazy("body region", "Head"),
    "face": pgettext_lazy("body region", "Face"),
    "neck": pgettext_lazy("body region", "Neck"),
    "chest": pgettext_lazy("body region", "Chest"),
    "abdomen": pgettext_lazy("body region", "Abdomen"),
    "back": pgettext_lazy("body region", "Back of the body"),
    "left_arm": pgettext_lazy("body region", "Left arm"),
    "right_arm": pgettext_lazy("body region", "Right arm"),
    "left_hand": pgettext_lazy("body region", "Left hand"),
    "right_hand": pgettext_lazy("body region", "Right hand"),
    "left_leg": pgettext_lazy("body region", "Left leg"),
    "right_leg": pgettext_lazy("body region", "Right leg"),
    "left_foot": pgettext_lazy("body region", "Left foot"),
    "right_foot": pgettext_lazy("body region", "Right foot"),
    "other": pgettext_lazy("body region", "Other"),
}
DONOR_RELATIONSHIPS = {
    "mother": pgettext_lazy("relationship", "Mother"),
    "father": pgettext_lazy("relationship", "Father"),
    "brother": pgettext_lazy("relationship", "Brother"),
    "sister": pgettext_lazy("relationship", "Sister"),
    "half_brother": pgettext_lazy("relationship", "Half-brother"),
    "half_sister": pgettext_lazy("relationship", "Half-sister"),
    "son": pgettext_lazy("relationship", "Son"),
    "daughter": pgettext_lazy("relationship", "Daughter"),
    "spouse": pgettext_lazy("relationship", "Spouse"),
    "grandparent": pgettext_lazy("relationship", "Grandparent"),
    "uncle": pgettext_lazy("relationship", "Uncle"),
    "aunt": pgettext_lazy("relationship", "Aunt"),
    "cousin": pgettext_lazy("relationship", "Cousin"),
    "other": pgettext_lazy("relationship", "Other relative"),
}
SAMPLE_TYPES = {
    "bone": pgettext_lazy("sample type", "Bone"),
    "tooth": pgettext_lazy("sample type", "Tooth"),
    "blood": pgettext_lazy("sample type", "Blood"),
    "tissue": pgettext_lazy("sample type", "Soft tissue"),
    "hair": pgettext_lazy("sample type", "Hair"),
    "nail": pgettext_lazy("sample type", "Nail"),
    "other": pgettext_lazy("sample type", "Other"),
}
DNA_CONSENTS = {
    "identification": _("Comparison to identify the missing person"),
    "sharing": _("Sharing the profile with other organisations' laboratories for that"),
    "storage": _("Keeping the sample and profile after the case is closed"),
}


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
    "tracing.tooth_state": TOOTH_STATES,
    "tracing.manner_of_death": MANNERS_OF_DEATH,
    "tracing.body_region": BODY_REGIONS,
    "tracing.donor_relationship": DONOR_RELATIONSHIPS,
    "tracing.sample_type": SAMPLE_TYPES,
    "tracing.dna_consent": DNA_CONSENTS,
    "tracing.dna_conclusion": DnaConclusion,
    "tracing.tooth_outcome": ToothReading,
    "tracing.close_reason": CloseReason,
    "tracing.support_response": SupportResponse,
    "tracing.duplicate_status": DuplicateStatus,
    "tracing.family_may_know": FamilyMayKnow,
}
