"""Information points, articles in many languages, feedback on services, and counts.

Nothing here names a person: points and articles are public information kept by
organisations; feedback carries no account, address or time of day (the date only);
questions asked by SMS or WhatsApp are counted by topic, language and point, the contact
only as a keyed hash (``protection.keys.blind_index``) so distinct contacts can be
counted and no number or handle is stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waypost.accounts.models import Organisation, User


class PointKind(models.TextChoices):
    RECEPTION_CENTRE = "reception_centre", pgettext_lazy("information point", "Reception centre")
    BORDER_CROSSING = "border_crossing", pgettext_lazy("information point", "Border crossing")
    BUS_STATION = "bus_station", pgettext_lazy("information point", "Bus station")
    CLINIC = "clinic", pgettext_lazy("information point", "Clinic")
    PORT = "port", pgettext_lazy("information point", "Port")
    COMMUNITY_CENTRE = "community_centre", pgettext_lazy("information point", "Community centre")
    REMOTE = "remote", pgettext_lazy("information point", "Remote (telephone, SMS, WhatsApp)")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("publication", "Draft")
    IN_REVIEW = "in_review", pgettext_lazy("publication", "In review")
    PUBLISHED = "published", pgettext_lazy("publication", "Published")


class InformationPoint(models.Model):
    """A place (or a line) where people on the move get information, kept by its operator."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("operator")
    )
    names = models.JSONField(_("name"), default=dict)  # language -> name
    descriptions = models.JSONField(_("description"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PointKind.choices)
    place = models.CharField(_("place"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # "08:00-18:00" every day, or {"mon": ["08:00-12:00", "14:00-18:00"], ...} (info.hours).
    hours = models.JSONField(_("opening hours"), default=str, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    accessibility = models.JSONField(_("accessibility"), default=dict, blank=True)
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    child_friendly = models.BooleanField(_("child-friendly space"), default=False)
    women_only_hours = models.JSONField(_("women-only hours"), default=str, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("information point")
        verbose_name_plural = _("information points")

    def __str__(self) -> str:
        return f"information point {self.pk}"

    if TYPE_CHECKING:
        organisation_id: int


class Topic(models.TextChoices):
    RIGHTS = "rights", pgettext_lazy("topic", "Your rights")
    ASYLUM = "asylum", pgettext_lazy("topic", "Asylum and protection procedures")
    PATHWAYS = "pathways", pgettext_lazy("topic", "Regular pathways")
    RISKS = "risks", pgettext_lazy("topic", "Risks on the route")
    MISSING = "missing", pgettext_lazy("topic", "Missing relatives")
    ABUSE = "abuse", pgettext_lazy("topic", "Reporting abuse")
    RETURN = "return", pgettext_lazy("topic", "Safe and dignified return")
    CONSULAR = "consular", pgettext_lazy("topic", "Consular contacts")
    HEALTH = "health", pgettext_lazy("topic", "Health")


class Article(models.Model):
    """An article, in as many languages as it is written; reviewed before it is public."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("publisher")
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    # Consular contacts: the nationality (ISO 3166-1 alpha-3) the article is for.
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewer = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    # The date by which the article must be reviewed again: past it, the article is stale.
    review_by = models.DateField(_("review by"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic", "pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return f"article {self.pk}"

    if TYPE_CHECKING:
        organisation_id: int
        reviewer_id: int | None
        author_id: int | None


class ArticleTranslation(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=300)
    summary = models.CharField(_("summary"), max_length=480, blank=True)
    body = models.TextField(_("text"))
    # An audio version (a recording a person can listen to), as an address on this server.
    audio_url = models.CharField(_("audio version"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="info_one_text_per_language"
            )
        ]
        ordering = ["language"]

    def __str__(self) -> str:
        return f"{self.language} text of article {self.article_id}"

    if TYPE_CHECKING:
        article_id: int


class FeedbackStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("feedback", "Waiting for moderation")
    PUBLISHED = "published", pgettext_lazy("feedback", "Published")
    REJECTED = "rejected", pgettext_lazy("feedback", "Not published")


class ServiceFeedback(models.Model):
    """A rating and comment on a service: no account, no address, no time of day.

    Anonymous to the provider: it is moderated by the information team (its organisation
    is the service's directory keeper, not the provider), and the provider sees only
    published feedback, with its date.
    """

    service = models.ForeignKey("screening.Service", on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=FeedbackStatus.choices, default=FeedbackStatus.PENDING
    )
    given_on = models.DateField(_("date"))

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"feedback {self.pk}"

    if TYPE_CHECKING:
        service_id: int


class Channel(models.TextChoices):
    WEB = "web", pgettext_lazy("channel", "Web")
    SMS = "sms", pgettext_lazy("channel", "SMS")
    WHATSAPP = "whatsapp", pgettext_lazy("channel", "WhatsApp")
    TELEGRAM = "telegram", pgettext_lazy("channel", "Telegram")
    OTHER = "other", pgettext_lazy("channel", "Other")


class Question(models.Model):
    """One question asked through a channel, counted without the person who asked."""

    channel = models.CharField(max_length=12, choices=Channel.choices)
    topic = models.CharField(max_length=24)
    language = models.CharField(max_length=8)
    point = models.ForeignKey(
        InformationPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # HMAC of the URN under a key derived from the master key: distinct contacts, no number.
    contact_hash = models.CharField(max_length=64)
    asked_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["asked_on", "topic"])]

    def __str__(self) -> str:
        return f"question {self.pk}"
