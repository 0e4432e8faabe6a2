"""Start jobs, report their progress, record how they ended.

A job's task is a thin shell (STYLE 12): it receives the job id, calls a service, and
reports progress through the ``ProgressReporter`` it is given.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import User
from waypost.core.exceptions import ApplicationError
from waypost.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)


class Enqueueable(Protocol):
    def enqueue(self, *args: Any, **kwargs: Any) -> Any: ...


class ProgressReporter:
    """Writes progress to the job row, at most a few times a second."""

    def __init__(self, job_id: str, min_interval: float = 0.5) -> None:
        self.job_id = job_id
        self.min_interval = min_interval
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        now = timezone.now().timestamp()
        if now - self._last < self.min_interval and (total is None or done < total):
            return
        self._last = now
        fields: dict[str, Any] = {"done": done}
        if total is not None:
            fields["total"] = total
        if message:
            fields["message"] = message[:300]
        Job.objects.filter(pk=self.job_id).update(**fields)


def job_start(
    *,
    actor: User | None,
    kind: str,
    title: str,
    task: Enqueueable,
    title_params: dict[str, Any] | None = None,
    **task_kwargs: Any,
) -> Job:
    """Record a job and queue its task once the surrounding transaction commits.

    With ``title_params``, ``title`` is an untranslated message (``gettext_noop("Import of
    %(name)s")``) that every reader sees in their own language; without, a fixed text.
    """
    message = title if title_params is not None else ""
    job = Job.objects.create(
        kind=kind,
        title=(title % title_params if title_params else title)[:200],
        title_message=message,
        title_params=title_params or {},
        created_by=actor,
        organisation=actor.organisation if actor is not None else None,
    )
    transaction.on_commit(lambda: task.enqueue(job_id=str(job.pk), **task_kwargs))
    return job


def job_run(job_id: str, work: Callable[[ProgressReporter], dict[str, Any] | None]) -> None:
    """Run ``work`` as job ``job_id``: mark it running, then finished or failed."""
    Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, started_at=timezone.now())
    try:
        result = work(ProgressReporter(job_id))
    except Exception as error:
        logger.exception("Job %s failed", job_id)
        # A domain error's message is written for the person who started the job (a file
        # that is not an MMP export); anything else is named for the operator who reads it.
        message = (
            error.message
            if isinstance(error, ApplicationError)
            else f"{type(error).__name__}: {error}"
        )
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), message=message[:300]
        )
        raise
    job = Job.objects.get(pk=job_id)
    job.status = JobStatus.SUCCEEDED
    job.finished_at = timezone.now()
    job.result = result
    if job.total is not None:
        job.done = job.total
    job.save(update_fields=["status", "finished_at", "result", "done"])
