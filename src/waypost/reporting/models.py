"""Reports of abuses, their conversation with the reporter, and their documentation.

Everything the reporter sent (the account, place, date, who was harmed, who did it,
attachments, identity, messages) is stored encrypted for the recipient organisation.
Clear columns hold only what handling needs and what statistics count: workflow codes,
vocabulary codes chosen by handlers, days (never times) and sizes.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from waypost.accounts.models import Organisation, User
from waypost.reporting import vocabularies as v
from waypost.reporting.protection import seal_id_column, sealed


def _sealed_column() -> models.BinaryField:
    """A column holding ciphertext only (see waypost.protection.fields)."""
    return models.BinaryField(default=b"", blank=True, editable=False)


def _own(obj: Any) -> int:
    return int(obj.organisation_id)


def _of_report(obj: Any) -> int:
    return int(obj.report.organisation_id)


def _of_event(obj: Any) -> int:
    return int(obj.event.organisation_id)


class ReportingChannel(models.Model):
    """An organisation's decision to receive reports, and for which countries."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="reporting_channel",
        verbose_name=_("organisation"),
    )
    accepts_reports = models.BooleanField(_("accepts reports"), default=True)
    countries = models.JSONField(
        _("countries"),
        default=list,
        help_text=_("ISO 3166-1 alpha-3 codes of the countries it accepts reports about."),
    )
    publishes_statistics = models.BooleanField(_("included in public statistics"), default=True)
    # Handling deadlines (EU Directive 2019/1937 art. 9(1)(b) and (f) by default).
    acknowledge_days = models.PositiveSmallIntegerField(
        _("days to acknowledge a report"), default=7
    )
    feedback_months = models.PositiveSmallIntegerField(
        _("months to give the reporter feedback"), default=3
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reporting channel")
        verbose_name_plural = _("reporting channels")

    def __str__(self) -> str:
        return str(self.organisation)

    if TYPE_CHECKING:
        organisation_id: int


class Report(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("recipient organisation"),
    )
    receipt_hash = models.CharField(max_length=64, unique=True)
    submitted_on = models.DateField(_("received on"))
    seal_id = seal_id_column()
    content_sealed = _sealed_column()
    content = sealed("content_sealed", "json", _own)
    identity_sealed = _sealed_column()
    identity = sealed("identity_sealed", "json", _own)
    has_identity = models.BooleanField(default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=v.ReportStatus.choices, default=v.ReportStatus.RECEIVED
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=v.Priority.choices, default=v.Priority.NORMAL
    )
    outcome = models.CharField(
        _("outcome"), max_length=24, choices=v.Outcome.choices, blank=True, default=""
    )
    kept_for_case = models.BooleanField(_("kept for a case"), default=False)
    expires_on = models.DateField(_("expires on"))
    awaiting_handler = models.BooleanField(_("new from the reporter"), default=True)
    updated_on = models.DateField(_("last activity"))
    # Handling: who handles it and the recipient's deadlines (days only, never times).
    assigned_to = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handler"),
    )
    acknowledge_due_on = models.DateField(_("to acknowledge by"), null=True, blank=True)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    feedback_due_on = models.DateField(_("feedback due by"), null=True, blank=True)
    feedback_on = models.DateField(_("last feedback on"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    # How, when and under what words the organisation may contact the reporter outside
    # the messages of the report (the safe-contact protocol), as the reporter set it.
    safe_contact_sealed = _sealed_column()
    safe_contact = sealed("safe_contact_sealed", "json", _own)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "acknowledge_due_on"]),
            models.Index(fields=["organisation", "feedback_due_on"]),
        ]

    def __str__(self) -> str:
        return f"{_('Report')} {self.reference}"

    @property
    def reference(self) -> str:
        """A short reference handlers can say aloud; not the receipt, not guessable use."""
        return self.public_id.hex[:8].upper()

    if TYPE_CHECKING:
        organisation_id: int


class Sender(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    HANDLER = "handler", _("Handler")


class ReportMessage(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=10, choices=Sender.choices)
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    seal_id = seal_id_column()
    body_sealed = _sealed_column()
    body = sealed("body_sealed", "text", _of_report)
    sent_on = models.DateField()

    class Meta:
        ordering = ["id"]

    if TYPE_CHECKING:
        report_id: int

    def __str__(self) -> str:
        return f"{self.sender} {self.sent_on}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    sender = models.CharField(max_length=10, choices=Sender.choices, default=Sender.REPORTER)
    seal_id = seal_id_column()
    content_sealed = _sealed_column()
    content = sealed("content_sealed", "bytes", _of_report)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    added_on = models.DateField()

    class Meta:
        ordering = ["id"]

    if TYPE_CHECKING:
        report_id: int

    def __str__(self) -> str:
        return f"{self.content_type} {self.size}"


class IdentityDisclosure(models.Model):
    """A handler's request to see the reporter's identity, and a custodian's decision."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="disclosures")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    seal_id = seal_id_column()
    reason_sealed = _sealed_column()
    reason = sealed("reason_sealed", "text", _of_report)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)

    class Meta:
        ordering = ["-requested_at"]

    if TYPE_CHECKING:
        report_id: int
        requested_by_id: int
        decided_by_id: int | None

    def __str__(self) -> str:
        return f"{self.report_id}: {self.approved}"


# HURIDOCS Events Standard Formats: event, acts, victims, perpetrators, sources, interventions.


class Event(models.Model):
    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="event")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    seal_id = seal_id_column()
    title_sealed = _sealed_column()
    title = sealed("title_sealed", "text", _own)
    country = models.CharField(_("country"), max_length=3)
    locality_sealed = _sealed_column()
    locality = sealed("locality_sealed", "text", _own)
    start_date = models.CharField(_("start date"), max_length=10)
    end_date = models.CharField(_("end date"), max_length=10, blank=True, default="")
    description_sealed = _sealed_column()
    description = sealed("description_sealed", "text", _own)

    if TYPE_CHECKING:
        report_id: int
        organisation_id: int

    def __str__(self) -> str:
        return f"{self.country} {self.start_date}"


class Victim(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="victims")
    seal_id = seal_id_column()
    label_sealed = _sealed_column()
    label = sealed("label_sealed", "text", _of_event)
    sex = models.CharField(max_length=10, choices=v.Sex.choices, default=v.Sex.UNKNOWN)
    age_group = models.CharField(
        max_length=10, choices=v.AgeGroup.choices, default=v.AgeGroup.UNKNOWN
    )
    count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_sex_display()} {self.get_age_group_display()}"


class Perpetrator(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="perpetrators")
    category = models.CharField(max_length=12, choices=v.PerpetratorCategory.choices)
    authority_kind = models.CharField(
        max_length=20, choices=v.AuthorityKind.choices, blank=True, default=""
    )
    seal_id = seal_id_column()
    description_sealed = _sealed_column()
    description = sealed("description_sealed", "text", _of_event)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.get_category_display())


class Act(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="acts")
    violation_type = models.CharField(max_length=24, choices=v.ViolationType.choices)
    victim = models.ForeignKey(
        Victim, on_delete=models.SET_NULL, null=True, blank=True, related_name="acts"
    )
    perpetrator = models.ForeignKey(
        Perpetrator, on_delete=models.SET_NULL, null=True, blank=True, related_name="acts"
    )
    date = models.CharField(max_length=10, blank=True, default="")
    seal_id = seal_id_column()
    notes_sealed = _sealed_column()
    notes = sealed("notes_sealed", "text", _of_event)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.get_violation_type_display())


class Source(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=12, choices=v.SourceKind.choices)
    reliability = models.CharField(
        max_length=10, choices=v.Reliability.choices, default=v.Reliability.UNKNOWN
    )
    seal_id = seal_id_column()
    notes_sealed = _sealed_column()
    notes = sealed("notes_sealed", "text", _of_event)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class Intervention(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="interventions")
    kind = models.CharField(max_length=20, choices=v.InterventionKind.choices)
    body = models.CharField(_("competent body"), max_length=200)
    date = models.CharField(max_length=10)
    status = models.CharField(
        max_length=12, choices=v.InterventionStatus.choices, default=v.InterventionStatus.PLANNED
    )
    seal_id = seal_id_column()
    notes_sealed = _sealed_column()
    notes = sealed("notes_sealed", "text", _of_event)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.body}"


# Handling, referral to competent bodies, what the reporter follows, protection.


class ReportNotice(models.Model):
    """An in-app notice to a handler: what happened to which report, never its content."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=24, choices=v.NoticeKind.choices)
    created_on = models.DateField()
    seen = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_on", "-id"]
        indexes = [models.Index(fields=["user", "seen"])]

    if TYPE_CHECKING:
        report_id: int
        user_id: int

    def __str__(self) -> str:
        return f"{self.kind} {self.created_on}"


class StatusChange(models.Model):
    """One dated step of the report the reporter follows with the receipt.

    Codes only: the sentence is written when read, in the reader's language; it names a
    kind of body, never a handler.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="history")
    day = models.DateField()
    status = models.CharField(max_length=24, choices=v.HistoryStatus.choices)
    body_kind = models.CharField(max_length=32, choices=v.BodyKind.choices, blank=True)
    detail = models.CharField(max_length=32, blank=True)  # a response or closing reason code

    class Meta:
        ordering = ["day", "id"]

    if TYPE_CHECKING:
        report_id: int

    def __str__(self) -> str:
        return f"{self.day} {self.status}"


class CompetentBody(models.Model):
    """A body of the directory that can act on a report, and what a submission must contain.

    Public information (no personal data): loaded by the operator (``waypost reports
    bodies``), readable by handlers.
    """

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=v.BodyKind.choices)
    countries = models.JSONField(
        _("countries"),
        default=list,
        blank=True,
        help_text=_("ISO 3166-1 alpha-3 codes it is competent for; empty: any country."),
    )
    violations = models.JSONField(
        _("violations"),
        default=list,
        blank=True,
        help_text=_("Violation codes it examines; empty: any violation."),
    )
    languages = models.JSONField(
        _("languages"), default=list, help_text=_("Languages it accepts, the first preferred.")
    )
    requirements = models.JSONField(
        _("what a submission must contain"),
        default=list,
        help_text=_("Codes of the parts a submission must contain to be admissible."),
    )
    requirements_note = models.TextField(_("admissibility notes"), blank=True)
    contact = models.CharField(_("how to submit"), max_length=300, blank=True)
    response_days = models.PositiveSmallIntegerField(_("days to answer"), default=60)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("competent body")
        verbose_name_plural = _("competent bodies")

    def __str__(self) -> str:
        return self.name


class Referral(models.Model):
    """A report referred to a competent body: what, with whose consent, when, and answers.

    Nothing goes to the body before the reporter consents to this body and this content
    (``consent``); the package is not produced before.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="referrals")
    body = models.ForeignKey(CompetentBody, on_delete=models.PROTECT, related_name="referrals")
    content = models.JSONField(default=list)
    status = models.CharField(
        max_length=20, choices=v.ReferralStatus.choices, default=v.ReferralStatus.AWAITING_CONSENT
    )
    created_on = models.DateField()
    consent = models.BooleanField(null=True)
    consent_on = models.DateField(null=True, blank=True)
    sent_on = models.DateField(null=True, blank=True)
    response_due_on = models.DateField(null=True, blank=True)
    seal_id = seal_id_column()
    body_reference_sealed = _sealed_column()
    body_reference = sealed("body_reference_sealed", "text", _of_report)

    class Meta:
        ordering = ["id"]

    if TYPE_CHECKING:
        report_id: int
        body_id: int

    def __str__(self) -> str:
        return f"{self.body_id} {self.status}"


class ReferralResponse(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(max_length=24, choices=v.BodyResponse.choices)
    received_on = models.DateField()
    seal_id = seal_id_column()
    notes_sealed = _sealed_column()
    notes = sealed("notes_sealed", "text", lambda obj: int(obj.referral.report.organisation_id))

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.received_on}"


class Transfer(models.Model):
    """A report passed to another recipient organisation, once the reporter consents.

    Both organisations keep this row (codes and days only); the report and everything
    sealed with it moves to the receiver, re-sealed under its key.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="transfers")
    from_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=v.TransferStatus.choices, default=v.TransferStatus.AWAITING_CONSENT
    )
    requested_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    if TYPE_CHECKING:
        report_id: int
        from_organisation_id: int
        to_organisation_id: int

    def __str__(self) -> str:
        return f"{self.from_organisation_id}->{self.to_organisation_id} {self.status}"


class RiskAssessment(models.Model):
    """The risk of reprisal against the reporter or witnesses, at intake and on review."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="risk_assessments")
    level = models.CharField(max_length=10, choices=v.RiskLevel.choices)
    factors = models.JSONField(default=list)
    at_intake = models.BooleanField(default=False)  # the reporter's own answer
    assessed_on = models.DateField()
    review_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.level} {self.assessed_on}"


class ProtectiveMeasure(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(max_length=24, choices=v.MeasureKind.choices)
    status = models.CharField(
        max_length=10, choices=v.MeasureStatus.choices, default=v.MeasureStatus.PLANNED
    )
    decided_on = models.DateField()
    review_on = models.DateField(null=True, blank=True)
    seal_id = seal_id_column()
    notes_sealed = _sealed_column()
    notes = sealed("notes_sealed", "text", _of_report)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.status}"


# Patterns (issue 39, part 4): reports of one organisation about the same event.


class SharedEvent(models.Model):
    """One event several reports describe (a pushback seen by several people): the
    HURIDOCS event that groups them, kept by the organisation that holds the reports."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    seal_id = seal_id_column()
    title_sealed = _sealed_column()
    title = sealed("title_sealed", "text", _own)
    country = models.CharField(_("country"), max_length=3)
    place_sealed = _sealed_column()
    place = sealed("place_sealed", "text", _own)
    start_date = models.CharField(_("date"), max_length=10)
    violation_types = models.JSONField(_("violation types"), default=list)
    created_on = models.DateField()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("linked event")
        verbose_name_plural = _("linked events")

    if TYPE_CHECKING:
        organisation_id: int

    def __str__(self) -> str:
        return f"{self.country} {self.start_date}"

    @property
    def reference(self) -> str:
        return self.public_id.hex[:8].upper()


class EventLink(models.Model):
    """A report linked to a shared event: a report belongs to one event at most."""

    event = models.ForeignKey(SharedEvent, on_delete=models.CASCADE, related_name="links")
    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="event_link")
    linked_on = models.DateField()
    linked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["linked_on", "id"]

    if TYPE_CHECKING:
        event_id: int
        report_id: int

    def __str__(self) -> str:
        return f"{self.event_id}: {self.report_id}"
