"""Missing-person reports, found persons, unidentified remains, and the candidates between them.

Every personal value is sealed with the owning organisation's key (waypost.protection);
clear columns hold only what matching blocks on and workflows need: sex, age estimate,
nationality, status. Read these records only through ``selectors``.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypost.matching import DateError, parse_partial_date
from waypost.protection.fields import seal_id_column, sealed, sealed_column
from waypost.protection.models import ProtectedRecord

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
    UNKNOWN = "", _("Unknown")


ADULT_AGE = 18
PARTIAL_DATE_HELP = _("Use a year, year and month, or full date: 1998, 1998-04 or 1998-04-17.")


def is_partial_date(value: str) -> bool:
    """A real year, month or day (1998-02-30 is not), as the matching engine reads it."""
    try:
        parse_partial_date(value)
    except DateError:
        return False
    return True


CHILD_CONSENT_NEEDS_GUARDIAN = _(
    "The person may be a child: record the guardian who consented, or the best-interests decision."
)


def is_child(*, birth_date: str, age: int | None, age_date: str, today: date) -> bool:
    """Whether the person may be under 18 today, by their (partial) birth date or age.

    A partial date counts from its latest possible day (born "2008": 31 December 2008),
    so that doubt falls on the side of the child.
    """
    if birth_date:
        year = int(birth_date[:4])
        month = int(birth_date[5:7]) if len(birth_date) >= 7 else 12
        day = int(birth_date[8:10]) if len(birth_date) >= 10 else monthrange(year, month)[1]
        years = today.year - year - ((today.month, today.day) < (month, day))
        return years < ADULT_AGE
    if age is not None:
        estimated_in = int(age_date[:4]) if age_date else today.year
        return age + (today.year - estimated_in) < ADULT_AGE
    return False


class PersonRecord(ProtectedRecord):
    """What the three kinds share: the identity the matching engine compares."""

    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    age = models.PositiveSmallIntegerField(_("age (estimate)"), null=True, blank=True)
    age_date = models.CharField(_("age estimated on"), max_length=10, blank=True)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    name_sealed = sealed_column()
    name = sealed("name_sealed")
    birth_date_sealed = sealed_column()
    birth_date = sealed("birth_date_sealed")
    place_sealed = sealed_column()
    place = sealed("place_sealed")
    description_sealed = sealed_column()
    description = sealed("description_sealed")
    document_number_sealed = sealed_column()
    document_number = sealed("document_number_sealed")
    document_index = models.CharField(max_length=64, blank=True, db_index=True)
    details_sealed = sealed_column()
    details = sealed("details_sealed", "json")  # languages, marks, clothing, effects, ...
    fingerprint = models.CharField(max_length=64, blank=True)
    # The id the record has in the system it was imported from (a PFIF person_record_id such
    # as "hospital.example.it/patient.77"), so that importing the same file again updates it.
    # Sealed, with a blind index to find it: the id names the hospital or shelter that holds
    # the person, which is whereabouts.
    source_record_id_sealed = sealed_column()
    source_record_id = sealed("source_record_id_sealed")
    source_record_index = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    if TYPE_CHECKING:
        organisation_id: int
        photos: RelatedManager[PersonPhoto]  # each kind's reverse relation from PersonPhoto


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UNDER_REVIEW = "under_review", _("Candidates under review")
    LOCATED_ALIVE = "located_alive", _("Located alive")
    IDENTIFIED_DECEASED = "identified_deceased", _("Identified deceased")
    CLOSED = "closed", _("Closed")


class CloseReason(models.TextChoices):
    """Why a report was closed (``MissingPersonReport.closed_reason``)."""

    FOUND_ALIVE = "found_alive", _("Found alive")
    IDENTIFIED_DECEASED = "identified_deceased", _("Identified deceased")
    FAMILY_WITHDREW = "family_withdrew", _("The family withdrew the enquiry")
    DUPLICATE = "duplicate", _("Duplicate of another report")
    OTHER = "other", _("Other")


class MissingPersonReport(PersonRecord):
    """A family's enquiry about someone they have lost contact with."""

    status = models.CharField(
        _("status"), max_length=24, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    # A CloseReason code; reports imported from PFIF may carry a partner's own words.
    closed_reason = models.CharField(_("reason for closing"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    # The words given with "other" (or any reason): they may name people, so sealed.
    closed_note_sealed = sealed_column()
    closed_note = sealed("closed_note_sealed")
    # The report this one was merged into (two relatives reporting the same person).
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_reports",
        verbose_name=_("merged into"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("caseworker"),
    )
    next_update_due = models.DateField(_("next family update due"), null=True, blank=True)
    enquirer_sealed = sealed_column()
    enquirer = sealed("enquirer_sealed", "json")  # name, relationship, phone, language, contact
    enquirer_phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    # Further enquirers: those of the reports merged into this one, each with the report it
    # came from (where their own consents stay recorded).
    other_enquirers_sealed = sealed_column()
    other_enquirers = sealed("other_enquirers_sealed", "json")
    # Structured antemortem data (ICRC AM form, INTERPOL DVI yellow form): physical
    # description, marks, FDI dental chart, medical history, effects, DNA reference donors.
    antemortem_sealed = sealed_column()
    antemortem = sealed("antemortem_sealed", "json")

    RIGHTS_RELATED = ("candidates", "contacts", "family_notifications", "support_referrals")

    class Meta(PersonRecord.Meta):
        verbose_name = _("missing-person report")
        verbose_name_plural = _("missing-person reports")

    def __str__(self) -> str:
        return f"missing-person report {self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status == ReportStatus.CLOSED

    @staticmethod
    def retention_kept() -> models.Q:
        """Retention never deletes an open case, however long it has been quiet."""
        return ~models.Q(status=ReportStatus.CLOSED)

    @property
    def family_notifications(self) -> models.QuerySet[FamilyNotification]:
        """The tasks of telling this family, one per confirmed candidate (for the export)."""
        return FamilyNotification.objects.filter(candidate__report=self).order_by("pk")


# Subjects of the consents (waypost.protection.Consent) kept for tracing records.
ENQUIRER_CONSENT_SUBJECT = "tracing.missingpersonreport"
FOUND_PERSON_CONSENT_SUBJECT = "tracing.foundperson"


class ShareConsent(models.TextChoices):
    """The single choice found persons had before issue 32, still read by the API and PFIF
    (``found_person_consents_of_share``) and no longer stored: their consents are."""

    NOTHING = "nothing", _("Nothing beyond what organisations must know")
    FAMILY = "family", _("Whereabouts may be told to the family")
    ORGANISATIONS = "organisations", _("May be shared with tracing organisations")


class FoundPerson(PersonRecord):
    """Someone found alive (hospital, shelter, detention, reception), with their own consent.

    What the person allows is three consents (waypost.protection Consent, subject
    ``FOUND_PERSON_CONSENT_SUBJECT``), each given and withdrawn on its own: telling the
    family where they are (``family_whereabouts``), telling the family only that they are
    alive (``family_alive``), sharing with other organisations (``tracing``).
    """

    found_at_kind = models.CharField(_("where found"), max_length=20, blank=True)
    # The person's own words to their family (a safe-and-well message), relayed without
    # whereabouts when that is all they allow.
    message_sealed = sealed_column()
    message = sealed("message_sealed")

    RIGHTS_RELATED = ("candidates",)

    class Meta(PersonRecord.Meta):
        verbose_name = _("found person")
        verbose_name_plural = _("found persons")

    def __str__(self) -> str:
        return f"found person {self.pk}"

    @staticmethod
    def retention_kept() -> models.Q:
        """A found person who is a candidate of an open case stays while the case does."""
        in_open_cases = (
            Candidate.objects.filter(found_person__isnull=False)
            .exclude(report__status=ReportStatus.CLOSED)
            .exclude(status=CandidateStatus.EXCLUDED)
            .values("found_person")
        )
        return models.Q(pk__in=in_open_cases)


class RemainsStatus(models.TextChoices):
    UNIDENTIFIED = "unidentified", _("Unidentified")
    IDENTIFIED = "identified", _("Identified")
    RETURNED = "returned", _("Returned to the family")


class UnidentifiedRemains(PersonRecord):
    """Post-mortem data of a person not yet identified."""

    recovery_date = models.DateField(_("recovery date"), null=True, blank=True)
    age_min = models.PositiveSmallIntegerField(_("estimated age from"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("estimated age to"), null=True, blank=True)
    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="remains",
        verbose_name=_("incident"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RemainsStatus.choices,
        default=RemainsStatus.UNIDENTIFIED,
    )
    # Structured postmortem data and the remains' path (INTERPOL DVI pink form): PM and
    # body-bag numbers, morgue, examination, FDI dental chart, samples, cause and manner of
    # death, burial, exhumation, repatriation, death certificate.
    postmortem_sealed = sealed_column()
    postmortem = sealed("postmortem_sealed", "json")

    class Meta(PersonRecord.Meta):
        verbose_name = _("unidentified remains")
        verbose_name_plural = _("unidentified remains")

    def __str__(self) -> str:
        return f"remains {self.pk}"


class CandidateStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    UNDER_REVIEW = "under_review", _("Under review")
    CONFIRMED = "confirmed", _("Confirmed")
    EXCLUDED = "excluded", _("Excluded")
    # A confirmation both sides withdrew: the records are as before it, and the pair can
    # be reviewed again from the start (a new round of reviews).
    REVERSED = "reversed", _("Confirmation reversed")


# Statuses in which reviewers may confirm or exclude.
OPEN_CANDIDATE_STATUSES = (
    CandidateStatus.SUGGESTED,
    CandidateStatus.UNDER_REVIEW,
    CandidateStatus.REVERSED,
)


class Candidate(models.Model):
    """A possible match between a report and a found person or remains, with its evidence."""

    report = models.ForeignKey(
        MissingPersonReport, on_delete=models.CASCADE, related_name="candidates"
    )
    found_person = models.ForeignKey(
        FoundPerson, on_delete=models.CASCADE, null=True, blank=True, related_name="candidates"
    )
    remains = models.ForeignKey(
        UnidentifiedRemains,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="candidates",
    )
    score = models.FloatField(_("score"))
    # The explanation quotes names (in their scripts): personal data, sealed for the report's owner.
    seal_id = seal_id_column()
    explanation_sealed = sealed_column()
    explanation = sealed("explanation_sealed", organisation_of=lambda c: c.report.organisation_id)
    # The same evidence as data (the engine's Evidence.as_dict), rendered in the reader's
    # language; empty for candidates found before it was kept (their English text is shown).
    evidence_sealed = sealed_column()
    evidence = sealed("evidence_sealed", "json", organisation_of=lambda c: c.report.organisation_id)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CandidateStatus.choices,
        default=CandidateStatus.SUGGESTED,
    )
    fingerprint = models.CharField(max_length=130)
    # Reviews count within the current round; reversing a confirmation starts a new one.
    review_round = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "found_person"], name="candidate_found_unique"
            ),
            models.UniqueConstraint(fields=["report", "remains"], name="candidate_remains_unique"),
        ]

    def __str__(self) -> str:
        return f"candidate {self.pk} ({self.score:.2f})"

    @property
    def other(self) -> FoundPerson | UnidentifiedRemains:
        other = self.found_person or self.remains
        assert other is not None  # noqa: S101 - one of the two is always set
        return other

    @property
    def kind(self) -> str:
        return "found_person" if self.found_person_id else "remains"

    if TYPE_CHECKING:
        report_id: int
        found_person_id: int | None
        remains_id: int | None


class Decision(models.TextChoices):
    CONFIRM = "confirm", _("Confirm: same person")
    EXCLUDE = "exclude", _("Exclude: not the same person")
    REVERSE = "reverse", _("Reverse the confirmation")


class CandidateReview(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewer_role = models.CharField(max_length=20)
    # The side the reviewer decided for (the organisation they belonged to then): a
    # candidate between two organisations needs a decision from each.
    # RESTRICT, not PROTECT: the review goes with its candidate when either organisation's
    # records are deleted with it.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.RESTRICT, null=True, related_name="+"
    )
    round = models.PositiveSmallIntegerField(default=1)
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    seal_id = seal_id_column()
    reasons_sealed = sealed_column()
    reasons = sealed("reasons_sealed", organisation_of=lambda r: r.candidate.report.organisation_id)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "reviewer", "round", "decision"],
                name="one_decision_per_reviewer_and_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} by {self.reviewer_id}"

    if TYPE_CHECKING:
        organisation_id: int | None
        reviewer_id: int


class DnaConclusion(models.TextChoices):
    MATCH = "match", _("Match")
    EXCLUSION = "exclusion", _("Exclusion")
    INCONCLUSIVE = "inconclusive", _("Inconclusive")


class DnaResult(models.Model):
    """A laboratory's DNA conclusion for one candidate, as the laboratory reported it.

    Never computed in Waypost: the laboratory compares the family's reference samples
    with the remains' and reports; the result joins the candidate's evidence and score.
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="dna_results")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.RESTRICT, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    laboratory = models.CharField(_("laboratory"), max_length=200)
    conclusion = models.CharField(_("conclusion"), max_length=12, choices=DnaConclusion.choices)
    reported_on = models.DateField(_("reported on"))
    seal_id = seal_id_column()
    # The laboratory's case reference ties the result to a family's samples: sealed.
    reference_sealed = sealed_column()
    reference = sealed("reference_sealed")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reported_on", "created_at"]

    def __str__(self) -> str:
        return f"DNA {self.conclusion} for candidate {self.candidate_id}"

    if TYPE_CHECKING:
        candidate_id: int
        organisation_id: int


class FamilyMayKnow(models.TextChoices):
    """What the family may be told of a found person (``FamilyNotification.family_may_know``)."""

    WHERE = "where", _("That the person is alive, and where")
    ALIVE = "alive", _("Only that the person is alive, not where, with their message")
    NOTHING = "", _("Nothing: the person did not allow it")


class FamilyNotification(models.Model):
    """Telling the family: who tells, when, in which language, with what support, and how it went."""

    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="notification"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who tells"),
    )
    due_on = models.DateField(_("to be done by"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    seal_id = seal_id_column()
    # What the family may be told of a found person, fixed from their consents when the
    # candidate was confirmed and kept current as they change: "where" (whereabouts may be
    # told), "alive" (alive, not where: only the safe-and-well message), or "" (nothing).
    family_may_know = models.CharField(max_length=8, blank=True)
    message_sealed = sealed_column()
    message = sealed("message_sealed", organisation_of=lambda n: n.candidate.report.organisation_id)
    support_sealed = sealed_column()
    support = sealed("support_sealed", organisation_of=lambda n: n.candidate.report.organisation_id)
    outcome_sealed = sealed_column()
    outcome = sealed("outcome_sealed", organisation_of=lambda n: n.candidate.report.organisation_id)
    done_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"notification for candidate {self.candidate_id}"

    if TYPE_CHECKING:
        candidate_id: int


class ContactLogEntry(models.Model):
    """One contact with the enquiring family (call, visit, message), for continuity of care."""

    report = models.ForeignKey(
        MissingPersonReport, on_delete=models.CASCADE, related_name="contacts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    means = models.CharField(_("means"), max_length=20)
    seal_id = seal_id_column()
    note_sealed = sealed_column()
    note = sealed("note_sealed", organisation_of=lambda e: e.report.organisation_id)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"contact {self.pk}"


class PersonPhoto(models.Model):
    """A photograph of a sought, found or dead person, re-encoded without metadata and sealed.

    Photos of remains are marked sensitive: pages show them only when someone asks to see
    them, never on arrival.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    report = models.ForeignKey(
        MissingPersonReport, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    found_person = models.ForeignKey(
        FoundPerson, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    remains = models.ForeignKey(
        UnidentifiedRemains, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    seal_id = seal_id_column()
    content_sealed = sealed_column()
    content = sealed("content_sealed", "bytes")
    content_type = models.CharField(max_length=20)
    sensitive = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"photo {self.pk}"

    if TYPE_CHECKING:
        organisation_id: int


class SearchKey(models.Model):
    """One key of one part of a record's name or place, blind: what the search looks up.

    ``digest`` is a keyed hash (HMAC-SHA256) of a matching-engine name key such as ``MMT``,
    never the key or the name (``tracing/search.py``). The row goes with its record.
    """

    report = models.ForeignKey(
        MissingPersonReport, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    found_person = models.ForeignKey(
        FoundPerson, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    remains = models.ForeignKey(
        UnidentifiedRemains, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    field = models.CharField(max_length=5)  # name or place
    part = models.PositiveSmallIntegerField()  # which part of the name or place
    digest = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["digest"], name="tracing_search_digest")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(report__isnull=False, found_person__isnull=True, remains__isnull=True)
                    | models.Q(
                        report__isnull=True, found_person__isnull=False, remains__isnull=True
                    )
                    | models.Q(
                        report__isnull=True, found_person__isnull=True, remains__isnull=False
                    )
                ),
                name="search_key_one_record",
            ),
        ]

    def __str__(self) -> str:
        return f"search key {self.pk}"


class SupportResponse(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class SupportReferral(models.Model):
    """A family referred for psychosocial support: to whom, when, and whether they accepted."""

    report = models.ForeignKey(
        MissingPersonReport, on_delete=models.CASCADE, related_name="support_referrals"
    )
    referred_on = models.DateField(_("referred on"))
    response = models.CharField(
        _("answer"),
        max_length=10,
        choices=SupportResponse.choices,
        default=SupportResponse.PENDING,
    )
    seal_id = seal_id_column()
    # The service or person (a psychologist, a family-support group): may name people.
    to_whom_sealed = sealed_column()
    to_whom = sealed("to_whom_sealed", organisation_of=lambda r: r.report.organisation_id)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-pk"]

    def __str__(self) -> str:
        return f"support referral {self.pk}"


class DuplicateStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Possible duplicate")
    MERGED = "merged", _("Merged")
    DISMISSED = "dismissed", _("Not the same person")


class PossibleDuplicate(models.Model):
    """Two reports of one organisation that may be of the same person (two relatives each
    reporting them), found by matching reports against each other; ``report`` is the older."""

    report = models.ForeignKey(
        MissingPersonReport, on_delete=models.CASCADE, related_name="duplicates_as_first"
    )
    other = models.ForeignKey(
        MissingPersonReport, on_delete=models.CASCADE, related_name="duplicates_as_second"
    )
    score = models.FloatField(_("score"))
    seal_id = seal_id_column()
    evidence_sealed = sealed_column()
    evidence = sealed("evidence_sealed", "json", organisation_of=lambda d: d.report.organisation_id)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DuplicateStatus.choices,
        default=DuplicateStatus.SUGGESTED,
    )
    fingerprint = models.CharField(max_length=130)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["report", "other"], name="duplicate_pair_unique"),
        ]

    def __str__(self) -> str:
        return f"possible duplicate {self.pk}"

    if TYPE_CHECKING:
        report_id: int
        other_id: int


class ReminderSent(models.Model):
    """One day's reminder to one person (``waypost tracing remind``): sent once a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    items = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_reminder_a_day"),
        ]

    def __str__(self) -> str:
        return f"reminder {self.sent_on} to {self.user_id}"

    if TYPE_CHECKING:
        user_id: int
