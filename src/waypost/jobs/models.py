from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from waypost.core import vocabularies


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """A long piece of work (an import, a key rotation, a linkage run) and its progress.

    The queue itself belongs to the task backend (database by default, Redis in production);
    this row is what people see: who started it, how far it got, what came out.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=80)
    # The title as first written (in English for jobs started since titles are translated;
    # in the starter's language before). Pages show ``display_title``.
    title = models.CharField(_("title"), max_length=200)
    # The title's untranslated message (marked with gettext_noop where the job is started)
    # and its values: each reader sees it in their own language. Empty for older jobs.
    title_message = models.CharField(max_length=200, blank=True)
    title_params = models.JSONField(default=dict, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"

    @property
    def display_title(self) -> str:
        """The title in the active language (older jobs: as it was written)."""
        if not self.title_message:
            return self.title
        try:
            return gettext(self.title_message) % self.title_params
        except (KeyError, TypeError, ValueError):
            return self.title

    @property
    def title_html(self) -> SafeString:
        """``display_title`` for a page: the values in it (a file name) isolated as user text."""
        if not self.title_message:
            return format_html("<bdi>{}</bdi>", self.title)
        values = {
            key: format_html("<bdi>{}</bdi>", value) for key, value in self.title_params.items()
        }
        try:
            return mark_safe(conditional_escape(gettext(self.title_message)) % values)  # noqa: S308 - escaped message, escaped values
        except (KeyError, TypeError, ValueError):
            return format_html("<bdi>{}</bdi>", self.title)

    @property
    def result_items(self) -> list[tuple[str, object, bool]]:
        """The result's (label, value, labelled) rows: the keys its app names in the
        ``jobs.result.<kind>`` vocabulary (core/vocabularies.py), others as they are."""
        if not isinstance(self.result, dict):
            return []
        name = f"jobs.result.{self.kind}"
        known = name in vocabularies.registered()
        rows = []
        for key, value in self.result.items():
            label = vocabularies.label(name, key) if known else None
            rows.append((label or str(key), value, label is not None))
        return rows

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class PeriodicSchedule(models.Model):
    """When a periodic job (``waypost.jobs.periodic``) is next due.

    One row per registered job. A process claims a due run with a conditional UPDATE on
    ``next_run_at``, so the web server's embedded worker, ``waypost worker`` and a cron
    ``runperiodic`` can all run the scheduler and each run still happens once.
    """

    name = models.CharField(_("name"), max_length=80, primary_key=True)
    next_run_at = models.DateTimeField(_("next run"))
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)

    class Meta:
        verbose_name = _("periodic job schedule")
        verbose_name_plural = _("periodic job schedules")

    def __str__(self) -> str:
        return f"{self.name} ({self.next_run_at:%Y-%m-%d %H:%M})"
