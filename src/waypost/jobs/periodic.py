"""Periodic jobs: registered here, in one place (STYLE 14), and run by whatever runs jobs.

``PERIODIC_JOBS`` lists every job with how often it runs. ``periodic_run_due`` runs those
that are due; it is called every minute by a scheduler thread that starts wherever jobs
run (``waypost serve`` with its embedded worker, ``waypost worker``), and by
``waypost manage runperiodic`` for installations that prefer cron. Each run is recorded
as a ``Job`` row (no organisation: it belongs to the installation), and one job's failure
is logged and recorded without stopping the others.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop

from waypost.jobs.models import Job, JobStatus, PeriodicSchedule
from waypost.jobs.services import ProgressReporter, job_run

logger = logging.getLogger(__name__)

SCHEDULER_INTERVAL_SECONDS = 60


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    # A dotted path, so that this registry imports no app (and no app imports jobs).
    # The callable takes no arguments and returns a JSON-serialisable summary or None.
    run: str
    # Untranslated (gettext_noop): each reader sees it in their own language.
    title: str


PERIODIC_JOBS: tuple[PeriodicJob, ...] = (
    # Reports of abuse are deleted on their own expiry date unless kept for a case;
    # docs/reporting.md promises it, so it must not depend on someone setting up cron.
    PeriodicJob(
        name="reports-expire",
        every=timedelta(days=1),
        run="waypost.reporting.retention.expire_due",
        title=gettext_noop("Delete expired reports of abuse"),
    ),
    # Reports past their day to be acknowledged (7 days) or to give feedback (3 months):
    # their handlers are reminded (docs/reporting.md, issue 39), once a day.
    PeriodicJob(
        name="reports-remind",
        every=timedelta(days=1),
        run="waypost.reporting.periodic.remind_due",
        title=gettext_noop("Remind handlers of reports past their deadlines"),
    ),
    # The audit log's head, signed and written outside the database: entries removed from
    # the end go unnoticed only if they are younger than this (docs/security/audit.md).
    PeriodicJob(
        name="audit-checkpoint",
        every=timedelta(minutes=1),
        run="waypost.protection.audit.audit_checkpoint_periodic",
        title=gettext_noop("Witness the audit log's head outside the database"),
    ),
    # Unusual activity on the audit log (failed sign-ins, reads, exports) told to the
    # organisation's admins (protection/alerts.py, ASVS 11.1.7 and 11.1.8).
    PeriodicJob(
        name="audit-alerts",
        every=timedelta(minutes=5),
        run="waypost.protection.alerts.alerts_check",
        title=gettext_noop("Look for unusual activity on the audit log"),
    ),
)


def _claim(job: PeriodicJob, now: datetime) -> bool:
    """Take this run of ``job`` if it is due; False if not due or another process took it."""
    try:
        with transaction.atomic():
            # A job seen for the first time is due at once.
            PeriodicSchedule.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    except IntegrityError:  # another process created the row at the same moment
        pass
    claimed = PeriodicSchedule.objects.filter(name=job.name, next_run_at__lte=now).update(
        next_run_at=now + job.every, last_started_at=now
    )
    return claimed == 1


def _run_one(job: PeriodicJob) -> str:
    record = Job.objects.create(
        kind=f"periodic.{job.name}",
        title=str(job.title),
        title_message=job.title,
        title_params={},
    )
    work: Callable[[], Any] = import_string(job.run)

    def call(_progress: ProgressReporter) -> dict[str, Any] | None:
        result = work()
        return result if result is None or isinstance(result, dict) else {"result": result}

    try:
        job_run(str(record.pk), call)
    except Exception:  # noqa: BLE001 - job_run logged and recorded it; the others still run
        return JobStatus.FAILED
    return JobStatus.SUCCEEDED


def periodic_run_due(
    *,
    jobs: Iterable[PeriodicJob] = PERIODIC_JOBS,
    only: Iterable[str] = (),
    exclude: Iterable[str] = (),
    now: datetime | None = None,
) -> dict[str, str]:
    """Run the due jobs (``only``/``exclude`` by name); return ``{name: status}`` of those run."""
    now = now or timezone.now()
    wanted, skipped = set(only), set(exclude)
    ran: dict[str, str] = {}
    for job in jobs:
        if (wanted and job.name not in wanted) or job.name in skipped:
            continue
        if _claim(job, now):
            ran[job.name] = _run_one(job)
    return ran


def _scheduler_loop(stop: threading.Event, interval: float) -> None:
    while not stop.is_set():
        close_old_connections()
        try:
            periodic_run_due()
        except Exception:  # a broken database must not kill the thread: retry next minute
            logger.exception("Periodic jobs could not be checked")
        finally:
            connection.close()
        stop.wait(interval)


def start_periodic_scheduler(
    interval: float = SCHEDULER_INTERVAL_SECONDS,
) -> tuple[threading.Thread, threading.Event]:
    """Check for due periodic jobs every ``interval`` seconds in a daemon thread."""
    stop = threading.Event()
    thread = threading.Thread(
        target=_scheduler_loop, args=(stop, interval), name="waypost-periodic", daemon=True
    )
    thread.start()
    return thread, stop
