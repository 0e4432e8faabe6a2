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


# Handling, referral to accountability bodies, what the reporter follows, protection.


class BodyKind(models.TextChoices):
    """Kinds of competent body a report can be referred to (the directory's thesaurus)."""

    PROSECUTOR = "prosecutor", _("Public prosecutor")
    NHRI = "nhri", _("National human rights institution")
    OMBUDSPERSON = "ombudsperson", _("Ombudsperson")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Labour inspectorate")
    DATA_PROTECTION = "data_protection_authority", _("Data-protection authority")
    FRONTEX_FRO = "frontex_fro", _("Frontex Fundamental Rights Officer")
    UN_SPECIAL_RAPPORTEUR = (
        "un_special_rapporteur",
        _("UN Special Rapporteur on the human rights of migrants"),
    )
    REGIONAL_COMMISSION = "regional_commission", _("Regional human rights commission")


# What the reporter reads in their history when the report goes to a body of each kind.
REFERRED_TO = {
    BodyKind.PROSECUTOR: _("Referred to a public prosecutor"),
    BodyKind.NHRI: _("Referred to a national human rights institution"),
    BodyKind.OMBUDSPERSON: _("Referred to an ombudsperson"),
    BodyKind.LABOUR_INSPECTORATE: _("Referred to a labour inspectorate"),
    BodyKind.DATA_PROTECTION: _("Referred to a data-protection authority"),
    BodyKind.FRONTEX_FRO: _("Referred to the Frontex Fundamental Rights Officer"),
    BodyKind.UN_SPECIAL_RAPPORTEUR: _(
        "Referred to the UN Special Rapporteur on the human rights of migrants"
    ),
    BodyKind.REGIONAL_COMMISSION: _("Referred to a regional human rights commission"),
}

# Bodies that are part of, or answer to, authorities that may also enforce immigration
# law: the reporter is told so before consenting, and the identity is never in the
# default content sent to them.
BODIES_NEAR_AUTHORITIES = frozenset({BodyKind.PROSECUTOR, BodyKind.FRONTEX_FRO})

# Short names accepted by the directory's ``violation`` filter beside the codes.
VIOLATION_ALIASES = {
    "pushback": ViolationType.COLLECTIVE_EXPULSION,
    "detention": ViolationType.ARBITRARY_DETENTION,
    "torture": ViolationType.TORTURE,
    "labour": ViolationType.LABOUR_EXPLOITATION,
}


class ReferralContent(models.TextChoices):
    """The parts of a report a referral may send (the reporter consents to this list)."""

    ACCOUNT = "account", _("What happened, in your words")
    PLACE = "place", _("Where it happened")
    DATE = "date", _("When it happened")
    VICTIMS = "victims", _("Who was harmed (without names)")
    PERPETRATORS = "perpetrators", _("Who did it")
    STEPS_TAKEN = "steps_taken", _("What was already done in the country")
    ATTACHMENTS = "attachments", _("The files you sent")
    IDENTITY = "identity", _("Your name and how to contact you")


class ReferralStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", _("Waiting for your consent")
    DECLINED = "declined", _("You did not consent; nothing was sent")
    CONSENTED = "consented", _("You consented; being prepared")
    SENT = "sent", _("Sent to the body")
    ANSWERED = "answered", _("The body answered")
    CLOSED = "closed", _("Closed")


class BodyResponse(models.TextChoices):
    """What a competent body answered (each answer is dated and shown to the reporter)."""

    ACKNOWLEDGED = "acknowledged", _("The body acknowledged receipt")
    INFORMATION_REQUESTED = "information_requested", _("The body asked for more information")
    INVESTIGATION_OPENED = "investigation_opened", _("Investigation opened")
    CHARGES = "charges", _("Charges brought")
    REMEDY = "remedy", _("Remedy granted")
    INADMISSIBLE = "inadmissible", _("The body found it outside what it can examine")
    CLOSED = "closed", _("The body closed its examination")


class HistoryStatus(models.TextChoices):
    """Plain-language steps the reporter follows with the receipt (dated, in order)."""

    RECEIVED = "received", _("Your report was received")
    ACKNOWLEDGED = "acknowledged", _("Your report was read and acknowledged")
    TRANSFER_PROPOSED = (
        "transfer_proposed",
        _("The organisation proposes to pass your report to another organisation"),
    )
    TRANSFERRED = "transferred", _("Your report was passed to another organisation")
    REFERRAL_PROPOSED = (
        "referral_proposed",
        _("The organisation asks your consent to refer your report"),
    )
    REFERRED = "referred", _("Referred to the competent body")
    BODY_RESPONSE = "body_response", _("The competent body answered")
    INVESTIGATION_OPENED = "investigation_opened", _("Investigation opened")
    CHARGES = "charges", _("Charges brought")
    REMEDY = "remedy", _("Remedy granted")
    CLOSED = "closed", _("Closed")


class ClosedReason(models.TextChoices):
    RESOLVED = "resolved", _("the matter was resolved")
    REMEDY = "remedy", _("a remedy was obtained")
    NO_FURTHER_ACTION = "no_further_action", _("no further action is possible")
    OUTSIDE_MANDATE = "outside_mandate", _("it is outside what the organisation can act on")
    NO_CONTACT = "no_contact", _("the organisation could not reach you")
    WITHDRAWN = "withdrawn", _("you asked to stop")


class TransferStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", _("Waiting for your consent")
    DECLINED = "declined", _("You did not consent; the report stayed")
    DONE = "done", _("Passed to the other organisation")


class NoticeKind(models.TextChoices):
    """In-app notices to handlers: what happened to which report, never its content."""

    NEW = "new", _("A new report arrived")
    UPDATED = "updated", _("The reporter wrote or added files")
    ASSIGNED = "assigned", _("A report was assigned to you")
    TRANSFERRED_IN = "transferred_in", _("A report was passed to your organisation")
    CONSENT = "consent", _("The reporter answered a request for consent")
    ACKNOWLEDGE_OVERDUE = "acknowledge_overdue", _("A report is past its day to be acknowledged")
    FEEDBACK_OVERDUE = "feedback_overdue", _("A report is past its day for feedback")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    UNKNOWN = "unknown", _("Not known")


class RiskFactor(models.TextChoices):
    PERPETRATOR_NEARBY = "perpetrator_nearby", _("The perpetrators are near the reporter")
    AUTHORITY_PERPETRATOR = "authority_perpetrator", _("An authority is among the perpetrators")
    IN_DETENTION = "in_detention", _("The reporter or a witness is in detention")
    IRREGULAR_STATUS = "irregular_status", _("Risk of arrest or removal for lack of papers")
    EMPLOYER_DEPENDENCE = "employer_dependence", _("Depends on the employer for work or housing")
    THREATS_RECEIVED = "threats_received", _("Threats already received")
    FAMILY_AT_RISK = "family_at_risk", _("Family members are at risk")
    IDENTIFIABLE = "identifiable", _("Few people could have reported it")


class MeasureKind(models.TextChoices):
    IDENTITY_CUSTODY = "identity_custody", _("Identity kept by a custodian only")
    ANONYMISED_REFERRAL = "anonymised_referral", _("Referrals without the identity")
    DELAYED_REFERRAL = "delayed_referral", _("Referral delayed until the reporter is safe")
    SAFE_CONTACT_ONLY = "safe_contact_only", _("Contact only by the agreed safe-contact protocol")
    RELOCATION_SUPPORT = "relocation_support", _("Support to move to a safe place")
    LEGAL_ASSISTANCE = "legal_assistance", _("Legal assistance")
    PROTECTION_ORDER = "protection_order", _("Request for a protection order")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PLACE = "in_place", _("In place")
    ENDED = "ended", _("Ended")


class ContactChannel(models.TextChoices):
    """How the organisation may reach the reporter outside the receipt's messages."""

    NONE = "none", _("Never: only through the messages of this report")
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message")
    MESSAGING = "messaging", _("Messaging application")
    EMAIL = "email", _("Email")
    IN_PERSON = "in_person", _("In person, through someone I trust")


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
    "reporting.body_kind": BodyKind,
    "reporting.referral_content": ReferralContent,
    "reporting.referral_status": ReferralStatus,
    "reporting.body_response": BodyResponse,
    "reporting.history": HistoryStatus,
    "reporting.closed_reason": ClosedReason,
    "reporting.transfer_status": TransferStatus,
    "reporting.notice": NoticeKind,
    "reporting.risk_level": RiskLevel,
    "reporting.risk_factor": RiskFactor,
    "reporting.measure": MeasureKind,
    "reporting.measure_status": MeasureStatus,
    "reporting.contact_channel": ContactChannel,
}
