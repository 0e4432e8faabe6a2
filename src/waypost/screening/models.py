"""People met at borders and reception, their screenings, services, referrals, children's
assessments and age assessments.

Every personal value is sealed with the owning organisation's key (waypost.protection);
clear columns hold only what workflows and counts need: sex, claimed age, nationality, how
the person travels, risk level, states and clocks. Read these records only through
``selectors``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waypost.accounts.models import Organisation
from waypost.protection.fields import sealed, sealed_column
from waypost.protection.models import ProtectedRecord

ADULT_AGE = 18


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
    OTHER = "X", pgettext_lazy("sex", "Other")
    UNKNOWN = "", _("Unknown")


class Travelling(models.TextChoices):
    ALONE = "alone", _("Alone")
    FAMILY = "family", _("With family")
    NON_FAMILY = "non_family", _("With adults who are not family")


class RiskLevel(models.TextChoices):
    LOW = "low", pgettext_lazy("risk", "Low")
    MEDIUM = "medium", pgettext_lazy("risk", "Medium")
    HIGH = "high", pgettext_lazy("risk", "High")


class Concern(models.Model):
    """One of an organisation's protection concerns and the UNHCR codes it maps to."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    code = models.SlugField(_("code"), max_length=60)
    # The organisation's own words for it, by language (en, fr, es, ar); the defaults'
    # words come from the translation catalogues (concerns.DEFAULTS).
    labels = models.JSONField(_("names"), default=dict, blank=True)
    specific_needs = models.JSONField(_("UNHCR specific needs codes"), default=list)
    high_risk = models.BooleanField(_("high risk"), default=False)
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="concern_code_unique")
        ]
        verbose_name = _("protection concern")
        verbose_name_plural = _("protection concerns")

    def __str__(self) -> str:
        return self.code


class Person(ProtectedRecord):
    """Someone met at a border post, reception or disembarkation point."""

    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    # The age the person gives (or the worker's estimate at first contact). An age
    # assessment never overwrites it (EUAA practical guide on age assessment).
    claimed_age = models.PositiveSmallIntegerField(_("age given"), null=True, blank=True)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    travelling = models.CharField(
        _("travelling"), max_length=12, choices=Travelling.choices, blank=True
    )
    name_sealed = sealed_column()
    name = sealed("name_sealed")
    birth_date_sealed = sealed_column()
    birth_date = sealed("birth_date_sealed")
    languages_sealed = sealed_column()
    languages = sealed("languages_sealed", "json")
    recorded_on = models.DateField(_("recorded on"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"person {self.pk}"


class Screening(ProtectedRecord):
    """One screening of a person; a re-screening is a new row, so the history stays."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="screenings")
    screened_at = models.DateTimeField(_("screened at"))
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    language = models.CharField(_("language of the interview"), max_length=8, blank=True)
    interpreter = models.BooleanField(_("with an interpreter"), default=False)
    risk_level = models.CharField(
        _("risk level"), max_length=8, choices=RiskLevel.choices, default=RiskLevel.LOW
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    is_child = models.BooleanField(_("child"), default=False)
    place_sealed = sealed_column()
    place = sealed("place_sealed")
    concerns_sealed = sealed_column()
    concerns = sealed("concerns_sealed", "json")  # the organisation's concern codes
    specific_needs_sealed = sealed_column()
    specific_needs = sealed("specific_needs_sealed", "json")  # UNHCR codes
    washington_group_sealed = sealed_column()
    washington_group = sealed("washington_group_sealed", "json")  # domain -> 1..4
    trafficking_sealed = sealed_column()
    trafficking = sealed("trafficking_sealed", "json")  # indicator codes
    determinants_sealed = sealed_column()
    determinants = sealed("determinants_sealed", "json")  # level -> {risk, protective}
    notes_sealed = sealed_column()
    notes = sealed("notes_sealed")
    # The tracing record opened or linked for this person (a child looking for family):
    # "found:12" or "missing:7", read through tracing's selectors.
    tracing_link = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-screened_at", "-pk"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"screening {self.pk}"

    if TYPE_CHECKING:
        person_id: int


class ServiceType(models.TextChoices):
    SHELTER = "shelter", pgettext_lazy("service", "Shelter")
    HEALTH = "health", pgettext_lazy("service", "Health")
    PSYCHOSOCIAL = "psychosocial", pgettext_lazy("service", "Psychosocial support")
    LEGAL = "legal", pgettext_lazy("service", "Legal aid")
    CHILD_PROTECTION = "child_protection", pgettext_lazy("service", "Child protection")
    FAMILY_TRACING = "family_tracing", pgettext_lazy("service", "Family tracing")
    GBV = "gbv", pgettext_lazy("service", "Gender-based violence response")
    ANTI_TRAFFICKING = "anti_trafficking", pgettext_lazy("service", "Anti-trafficking")
    EDUCATION = "education", pgettext_lazy("service", "Education")
    LIVELIHOODS = "livelihoods", pgettext_lazy("service", "Livelihoods")
    INTERPRETATION = "interpretation", pgettext_lazy("service", "Interpretation")
    # Listed so that the firewall can refuse it by name: no child is referred there.
    DETENTION = "detention", pgettext_lazy("service", "Detention facility")


class ServiceStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("service", "Draft")
    PUBLISHED = "published", pgettext_lazy("service", "Published")


class Service(models.Model):
    """A service in the directory, kept by its provider; not personal data."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("provider")
    )
    names = models.JSONField(_("name"), default=dict)  # language -> name
    descriptions = models.JSONField(_("description"), default=dict, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=ServiceType.choices)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    hours = models.JSONField(_("opening hours"), default=str, blank=True)
    eligibility = models.JSONField(_("eligibility"), default=dict, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ServiceStatus.choices, default=ServiceStatus.DRAFT
    )
    # A place where people are held (a facility of any type): no child is referred there.
    detention = models.BooleanField(_("people are held there"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["type", "pk"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return f"service {self.pk}"

    @property
    def is_detention(self) -> bool:
        return self.detention or self.type == ServiceType.DETENTION

    if TYPE_CHECKING:
        organisation_id: int


class Priority(models.TextChoices):
    EMERGENCY = "emergency", pgettext_lazy("priority", "Emergency")
    URGENT = "urgent", pgettext_lazy("priority", "Urgent")
    NORMAL = "normal", pgettext_lazy("priority", "Normal")


class ReferralStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", pgettext_lazy("referral", "Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("referral", "Accepted")
    REJECTED = "rejected", pgettext_lazy("referral", "Rejected")
    DONE = "done", pgettext_lazy("referral", "Done")
    REVOKED = "revoked", pgettext_lazy("referral", "Revoked")


class Referral(ProtectedRecord):
    """A screening referred to a service or an organisation; ``organisation`` is the sender."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="referrals")
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ReferralStatus.choices,
        default=ReferralStatus.IN_PROGRESS,
    )
    due_at = models.DateTimeField(_("answer due"), db_index=True)
    # The screening's fields the worker chose to share, as the API spells them.
    shared_fields = models.JSONField(_("shared fields"), default=list)
    consent_id = models.BigIntegerField(null=True, blank=True)
    consent_purposes = models.JSONField(default=list)
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    consent_given_by_sealed = sealed_column()
    consent_given_by = sealed("consent_given_by_sealed")
    override_reason_sealed = sealed_column()
    override_reason = sealed("override_reason_sealed")
    reason_sealed = sealed_column()
    reason = sealed("reason_sealed")
    outcome_sealed = sealed_column()
    outcome = sealed("outcome_sealed")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"referral {self.pk}"

    if TYPE_CHECKING:
        recipient_id: int
        service_id: int | None
        screening_id: int


class TransferStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("transfer", "Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("transfer", "Accepted")
    REJECTED = "rejected", pgettext_lazy("transfer", "Rejected")
    CANCELLED = "cancelled", pgettext_lazy("transfer", "Cancelled")


class Transfer(ProtectedRecord):
    """A person's case handed over to another organisation; ``organisation`` is the sender.

    Once the receiver accepts, the person and every record about them (screenings, their
    referrals, age assessments, the child's case, best-interests assessments and
    determinations) belong to the receiver and are sealed again with its key. The
    transfer itself stays with the sender, as the trace of what it handed over.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="transfers")
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    # Whether the person was a child when the transfer was asked for (benefit of the
    # doubt): what the receiver learns before it accepts.
    is_child = models.BooleanField(_("child"), default=False)
    consent_id = models.BigIntegerField(null=True, blank=True)
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    consent_given_by_sealed = sealed_column()
    consent_given_by = sealed("consent_given_by_sealed")
    note_sealed = sealed_column()
    note = sealed("note_sealed")  # why the sender transfers the case
    reason_sealed = sealed_column()
    reason = sealed("reason_sealed")  # why the receiver rejected it
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    moved = models.JSONField(default=dict)  # model label -> how many rows moved

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")

    def __str__(self) -> str:
        return f"transfer {self.pk}"

    if TYPE_CHECKING:
        recipient_id: int
        person_id: int


class AssessmentStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("assessment", "Pending")
    COMPLETED = "completed", pgettext_lazy("assessment", "Completed")


class AgeAssessment(ProtectedRecord):
    """An age assessment (EUAA practical guide): least intrusive methods first, a range."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="age_assessments")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.PENDING,
    )
    methods = models.JSONField(_("methods"), default=list)
    age_min = models.PositiveSmallIntegerField(_("lowest age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("highest age"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    notified_on = models.DateField(_("person notified on"), null=True, blank=True)
    documents_sealed = sealed_column()
    documents = sealed("documents_sealed", "json")
    professionals_sealed = sealed_column()
    professionals = sealed("professionals_sealed", "json")
    appeal_sealed = sealed_column()
    appeal = sealed("appeal_sealed")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("age assessment")
        verbose_name_plural = _("age assessments")

    def __str__(self) -> str:
        return f"age assessment {self.pk}"

    if TYPE_CHECKING:
        person_id: int


class ChildStatus(models.TextChoices):
    UNACCOMPANIED = "unaccompanied", _("Unaccompanied")
    SEPARATED = "separated", _("Separated")
    ACCOMPANIED = "accompanied", _("With family")


class ChildCase(ProtectedRecord):
    """The registration of an unaccompanied or separated child and the guardian's appointment."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="child_case")
    child_status = models.CharField(_("situation"), max_length=16, choices=ChildStatus.choices)
    guardian_due_on = models.DateField(_("guardian to be appointed by"))
    guardian_appointed_on = models.DateField(_("guardian appointed on"), null=True, blank=True)
    guardian_sealed = sealed_column()
    guardian = sealed("guardian_sealed")

    class Meta:
        verbose_name = _("child's case")
        verbose_name_plural = _("children's cases")

    def __str__(self) -> str:
        return f"child case {self.pk}"


class AssessmentState(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("best interests", "Waiting for approval")
    APPROVED = "approved", pgettext_lazy("best interests", "Approved")
    RETURNED = "returned", pgettext_lazy("best interests", "Returned for changes")


class BestInterestsAssessment(ProtectedRecord):
    """A best-interests assessment at first contact, approved by a supervisor."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="best_interests_assessments"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=AssessmentState.choices, default="submitted"
    )
    # care_arrangement, family, wishes (the child heard), risks, interventions
    content_sealed = sealed_column()
    content = sealed("content_sealed", "json")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment_sealed = sealed_column()
    comment = sealed("comment_sealed")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("best-interests assessment")
        verbose_name_plural = _("best-interests assessments")

    def __str__(self) -> str:
        return f"best-interests assessment {self.pk}"


class BestInterestsDetermination(ProtectedRecord):
    """A panel's best-interests determination: members, evidence, decision, reasons, review."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="best_interests_determinations"
    )
    decided_on = models.DateField(_("panel date"))
    review_on = models.DateField(_("review date"), null=True, blank=True)
    members_sealed = sealed_column()
    members = sealed("members_sealed", "json")
    evidence_sealed = sealed_column()
    evidence = sealed("evidence_sealed")
    decision_sealed = sealed_column()
    decision = sealed("decision_sealed")
    reasons_sealed = sealed_column()
    reasons = sealed("reasons_sealed")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("best-interests determination")
        verbose_name_plural = _("best-interests determinations")

    def __str__(self) -> str:
        return f"best-interests determination {self.pk}"
