"""Detention oversight: facilities, the monitoring record of each known detention, consular
notification under VCCR art. 36, transfers, and monitoring visits.

Waypost keeps a monitoring record, not the official register. Every personal value is
sealed with the owning organisation's key (waypost.protection); clear columns hold only
what clocks, alerts and counts need: sex, nationality, age at admission, whether the
person seeks asylum, dates. Read these records only through ``selectors``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waypost.protection.fields import sealed, sealed_column
from waypost.protection.models import ProtectedRecord


class FacilityType(models.TextChoices):
    CRIMINAL = "criminal", pgettext_lazy("facility", "Criminal (prison, police station)")
    ADMINISTRATIVE = (
        "administrative",
        pgettext_lazy("facility", "Administrative (immigration detention)"),
    )
    AD_HOC = "ad_hoc", pgettext_lazy("facility", "Ad hoc (hotel, ship, warehouse)")
    RECEPTION = "reception", pgettext_lazy("facility", "Reception or “welcome” centre")
    BORDER_POST = "border_post", pgettext_lazy("facility", "Border post holding room")


class FacilityStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("facility", "In use")
    CLOSED = "closed", pgettext_lazy("facility", "Closed")
    UNKNOWN = "unknown", pgettext_lazy("facility", "Unknown")


class Facility(models.Model):
    """A place where people are held (Global Detention Project's columns): not personal data."""

    name = models.CharField(_("name"), max_length=300)
    type = models.CharField(_("type"), max_length=16, choices=FacilityType.choices)
    authority = models.CharField(_("authority"), max_length=300, blank=True)
    country = models.CharField(_("country"), max_length=3)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FacilityStatus.choices, default=FacilityStatus.OPEN
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="facility_country_name")
        ]
        verbose_name = _("detention facility")
        verbose_name_plural = _("detention facilities")

    def __str__(self) -> str:
        return self.name


class ConsularRule(models.Model):
    """What the receiving State owes the sending State when one of its nationals is held.

    Without a row for a pair, VCCR art. 36(1)(b) applies: the consulate is notified
    without delay if the person asks. A mandatory-notification treaty notifies it whatever
    the person says (``mandatory``), within ``max_hours`` where the treaty says so.
    """

    receiving = models.CharField(_("receiving State"), max_length=3)
    sending = models.CharField(_("sending State"), max_length=3)
    mandatory = models.BooleanField(_("mandatory notification"), default=False)
    max_hours = models.PositiveIntegerField(_("maximum hours"), null=True, blank=True)
    exceptions = models.TextField(_("exceptions"), blank=True)
    source = models.CharField(_("source"), max_length=500)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["receiving", "sending"]
        constraints = [
            models.UniqueConstraint(fields=["receiving", "sending"], name="consular_rule_pair")
        ]
        verbose_name = _("consular notification rule")
        verbose_name_plural = _("consular notification rules")

    def __str__(self) -> str:
        return f"{self.receiving}-{self.sending}"


class ReleaseKind(models.TextChoices):
    RELEASED = "released", pgettext_lazy("detention end", "Released")
    ALTERNATIVE = "alternative", pgettext_lazy("detention end", "Released to an alternative")
    REMOVED = "removed", pgettext_lazy("detention end", "Removed from the country")
    DIED = "died", pgettext_lazy("detention end", "Died in custody")


class Detention(ProtectedRecord):
    """The monitoring record of one person's detention (Mandela Rules 7-8, Body of Principles 12)."""

    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="detentions", verbose_name=_("facility")
    )
    # Clear for clocks, alerts and counts.
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    age_at_admission = models.PositiveSmallIntegerField(
        _("age at admission"), null=True, blank=True
    )
    is_child = models.BooleanField(_("child"), default=False)
    asylum_seeker = models.BooleanField(_("asylum seeker or refugee"), default=False)
    arrested_at = models.DateTimeField(_("arrested at"))
    admitted_at = models.DateTimeField(_("admitted at"), null=True, blank=True)
    # The moment the clocks of Body of Principles 16 run from: arrest, then each transfer.
    clock_started_at = models.DateTimeField(_("notification clocks started at"))
    max_days = models.PositiveIntegerField(
        _("maximum duration under the applicable law (days)"), null=True, blank=True
    )
    released_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    release_kind = models.CharField(
        _("how it ended"), max_length=12, choices=ReleaseKind.choices, blank=True
    )
    # Links to the organisation's screening or tracing record: "screening:12", "found:3".
    screening_link = models.CharField(max_length=40, blank=True)
    tracing_link = models.CharField(max_length=40, blank=True)
    # Mandela Rule 7 (a)-(g) and Rule 8, sealed.
    name_sealed = sealed_column()
    name = sealed("name_sealed")
    birth_date_sealed = sealed_column()
    birth_date = sealed("birth_date_sealed")
    legal_basis_sealed = sealed_column()
    legal_basis = sealed("legal_basis_sealed")
    reasons_sealed = sealed_column()
    reasons = sealed("reasons_sealed")
    authority_sealed = sealed_column()
    authority = sealed("authority_sealed")
    arrest_place_sealed = sealed_column()
    arrest_place = sealed("arrest_place_sealed")
    injuries_sealed = sealed_column()
    injuries = sealed("injuries_sealed")
    ill_treatment_sealed = sealed_column()
    ill_treatment = sealed("ill_treatment_sealed")
    property_sealed = sealed_column()
    property = sealed("property_sealed", "json")  # list of items
    family_sealed = sealed_column()
    family = sealed("family_sealed", "json")  # [{name, relationship, age, location, custody}]
    emergency_contact_sealed = sealed_column()
    emergency_contact = sealed("emergency_contact_sealed")
    lawyer_sealed = sealed_column()
    lawyer = sealed("lawyer_sealed")
    reviews_sealed = sealed_column()
    reviews = sealed("reviews_sealed", "json")  # [{"on": "YYYY-MM-DD", "kind", "outcome"}]
    alternatives_sealed = sealed_column()
    alternatives = sealed("alternatives_sealed", "json")  # [{"measure", "offered", "why_not"}]
    release_notes_sealed = sealed_column()
    release_notes = sealed("release_notes_sealed")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-arrested_at", "-pk"]
        verbose_name = _("detention")
        verbose_name_plural = _("detentions")

    def __str__(self) -> str:
        return f"detention {self.pk}"

    if TYPE_CHECKING:
        facility_id: int


class EventKind(models.TextChoices):
    """What happens between a detained person, the authorities and their consulate."""

    INFORMED = "informed", pgettext_lazy("consular", "Informed of the right to consular access")
    REQUESTED = "requested", pgettext_lazy("consular", "Asked that the consulate be notified")
    DECLINED = "declined", pgettext_lazy("consular", "Declined consular notification")
    OPPOSED = "opposed", pgettext_lazy("consular", "Opposed any consular action")
    CONSENT = "consent", pgettext_lazy("consular", "Gave express consent despite seeking asylum")
    NOTIFIED = "notified", pgettext_lazy("consular", "Consulate notified")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("consular", "Consulate acknowledged")
    VISIT = "visit", pgettext_lazy("consular", "Consular visit")
    FAMILY_NOTIFIED = "family_notified", pgettext_lazy("consular", "Family notified")


class DetentionEvent(ProtectedRecord):
    """One step of consular or family notification, with who recorded it."""

    detention = models.ForeignKey(Detention, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=16, choices=EventKind.choices)
    at = models.DateTimeField(_("when"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    means = models.CharField(_("how"), max_length=60, blank=True)
    note_sealed = sealed_column()
    note = sealed("note_sealed")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("notification step")
        verbose_name_plural = _("notification steps")

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    if TYPE_CHECKING:
        detention_id: int


class Transfer(ProtectedRecord):
    detention = models.ForeignKey(Detention, on_delete=models.CASCADE, related_name="transfers")
    from_facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    at = models.DateTimeField(_("when"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")

    def __str__(self) -> str:
        return f"transfer {self.pk}"


class VisitAccess(models.TextChoices):
    GRANTED = "granted", pgettext_lazy("visit access", "Granted")
    PARTIAL = "partial", pgettext_lazy("visit access", "Partly granted")
    REFUSED = "refused", pgettext_lazy("visit access", "Refused")


class Visit(ProtectedRecord):
    """A monitoring visit to a facility (APT, UNHCR and IDC, Monitoring Immigration Detention)."""

    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="visits", verbose_name=_("facility")
    )
    visited_on = models.DateField(_("visited on"))
    announced = models.BooleanField(_("announced"), default=False)
    access = models.CharField(_("access"), max_length=10, choices=VisitAccess.choices)
    team_sealed = sealed_column()
    team = sealed("team_sealed", "json")  # names of the monitors
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")

    def __str__(self) -> str:
        return f"visit {self.pk}"


class FindingAspect(models.TextChoices):
    """The aspects a visit examines (APT, UNHCR and IDC manual)."""

    PROCEDURES = "procedures", pgettext_lazy("finding", "Procedures and alternatives")
    LAWYER_ASYLUM = "lawyer_asylum", pgettext_lazy("finding", "Access to a lawyer and to asylum")
    ILL_TREATMENT = "ill_treatment", pgettext_lazy("finding", "Risk of ill-treatment")
    HEALTH = "health", pgettext_lazy("finding", "Health and special needs")
    CONDITIONS = "conditions", pgettext_lazy("finding", "Material conditions")
    PROLONGED = "prolonged", pgettext_lazy("finding", "Prolonged detention")


class Severity(models.TextChoices):
    LOW = "low", pgettext_lazy("severity", "Low")
    MEDIUM = "medium", pgettext_lazy("severity", "Medium")
    HIGH = "high", pgettext_lazy("severity", "High")
    CRITICAL = "critical", pgettext_lazy("severity", "Critical")


class Finding(ProtectedRecord):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    aspect = models.CharField(_("aspect"), max_length=16, choices=FindingAspect.choices)
    standard = models.CharField(_("standard"), max_length=200, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    text_sealed = sealed_column()
    text = sealed("text_sealed")
    # An individual concern, linked to the person's detention only with their consent.
    detention = models.ForeignKey(
        Detention, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"finding {self.pk}"

    if TYPE_CHECKING:
        detention_id: int | None


class RecommendationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("recommendation", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("recommendation", "In progress")
    IMPLEMENTED = "implemented", pgettext_lazy("recommendation", "Implemented")
    NOT_IMPLEMENTED = "not_implemented", pgettext_lazy("recommendation", "Not implemented")


class Recommendation(ProtectedRecord):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="recommendations")
    addressee = models.CharField(_("addressed to"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("follow-up"),
        max_length=16,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
    )
    text_sealed = sealed_column()
    text = sealed("text_sealed")

    if TYPE_CHECKING:
        visit_id: int

    class Meta:
        ordering = ["pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"recommendation {self.pk}"
