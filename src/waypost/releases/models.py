"""The log of statistical releases: what was published, for whom, with which parameters.

A release holds no personal data and no cell values: enough to say later which table left
Waypost, under which disclosure rules, and how much privacy budget it spent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypost.accounts.models import Organisation


class Channel(models.TextChoices):
    COMMAND = "command", _("Command")
    API = "api", _("API")
    PAGE = "page", _("Page")
    EXPORT = "export", _("Export")


class StatisticalRelease(models.Model):
    dataset = models.CharField(_("dataset"), max_length=40)
    dimensions = models.CharField(_("broken down by"), max_length=100)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    method = models.CharField(_("method"), max_length=100)
    k = models.PositiveSmallIntegerField(_("smallest published count"))
    epsilon = models.FloatField(_("privacy budget (epsilon)"), null=True, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict)
    cells = models.PositiveIntegerField(_("cells"))
    suppressed = models.PositiveIntegerField(_("suppressed cells"))
    # For whom: the person or organisation that asked, or nobody (a public request).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("statistical release")
        verbose_name_plural = _("statistical releases")

    def __str__(self) -> str:
        return f"{self.dataset} by {self.dimensions} ({self.method})"
