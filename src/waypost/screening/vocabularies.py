"""The screening app's vocabularies (core/vocabularies.py): codes it stores, words shown."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waypost.screening.models import (
    AssessmentState,
    AssessmentStatus,
    ChildStatus,
    Priority,
    ReferralStatus,
    RiskLevel,
    ServiceStatus,
    ServiceType,
    Sex,
    TransferStatus,
    Travelling,
)


class WashingtonGroupDomain(models.TextChoices):
    """The six domains of the Washington Group Short Set on Functioning."""

    SEEING = "seeing", _("Difficulty seeing, even if wearing glasses")
    HEARING = "hearing", _("Difficulty hearing, even if using a hearing aid")
    WALKING = "walking", _("Difficulty walking or climbing steps")
    REMEMBERING = "remembering", _("Difficulty remembering or concentrating")
    SELF_CARE = "self_care", _("Difficulty with self-care, such as washing all over or dressing")
    COMMUNICATING = (
        "communicating",
        _(
            "Difficulty communicating in their usual language, such as understanding or being understood"
        ),
    )


class WashingtonGroupAnswer(models.TextChoices):
    NONE = "1", _("No difficulty")
    SOME = "2", _("Some difficulty")
    A_LOT = "3", _("A lot of difficulty")
    CANNOT = "4", _("Cannot do at all")


class TraffickingIndicator(models.TextChoices):
    """Indicators of trafficking in persons (IOM and UNODC lists), picked at screening."""

    DECEIVED = "deceived", _("Deceived about the nature or conditions of work")
    DEBT = "debt", _("Owes a debt to the people who arranged the journey or work")
    DOCUMENTS_HELD = "documents_held", _("Identity documents held by someone else")
    MOVEMENT_RESTRICTED = "movement_restricted", _("Not free to leave or to move")
    FORCED_WORK = "forced_work", _("Forced to work or to provide services")
    UNPAID = "unpaid", _("Not paid, or paid much less than promised")
    THREATS = "threats", _("Threats or violence against them or their family")
    SEXUAL_EXPLOITATION = "sexual_exploitation", _("Sexual exploitation")
    CONTROLLED = "controlled", _("Someone else speaks or answers for them")
    CHILD_WORKING = "child_working", _("A child who works for someone else")


class DeterminantLevel(models.TextChoices):
    """The IOM determinants of migrant vulnerability model's four levels."""

    INDIVIDUAL = "individual", pgettext_lazy("determinants", "Individual")
    HOUSEHOLD = "household", pgettext_lazy("determinants", "Household and family")
    COMMUNITY = "community", pgettext_lazy("determinants", "Community")
    STRUCTURAL = "structural", pgettext_lazy("determinants", "Structural")


class AgeMethod(models.TextChoices):
    """Methods of age assessment, least intrusive first (EUAA practical guide)."""

    DOCUMENTS = "documents", _("Documents")
    INTERVIEW = "interview", _("Interview")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial assessment")
    MEDICAL_NON_RADIATION = "medical_non_radiation", _("Medical examination without radiation")
    MEDICAL_RADIATION = "medical_radiation", _("Medical examination with radiation")


VOCABULARIES = {
    "screening.sex": Sex,
    "screening.travelling": Travelling,
    "screening.risk_level": RiskLevel,
    "screening.service_type": ServiceType,
    "screening.service_status": ServiceStatus,
    "screening.priority": Priority,
    "screening.referral_status": ReferralStatus,
    "screening.transfer_status": TransferStatus,
    "screening.assessment_status": AssessmentStatus,
    "screening.child_status": ChildStatus,
    "screening.bia_state": AssessmentState,
    "screening.wg_domain": WashingtonGroupDomain,
    "screening.wg_answer": WashingtonGroupAnswer,
    "screening.trafficking": TraffickingIndicator,
    "screening.determinant_level": DeterminantLevel,
    "screening.age_method": AgeMethod,
}
