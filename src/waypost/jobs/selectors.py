from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from waypost.accounts.models import User
from waypost.core.exceptions import NotFound
from waypost.jobs.models import Job, JobStatus


def jobs_visible_to(*, user: User) -> QuerySet[Job]:
    """A user sees the jobs of their own organisation only."""
    if user.organisation_id is None:
        return Job.objects.none()
    return Job.objects.filter(organisation_id=user.organisation_id)


def job_get(*, user: User, job_id: str) -> Job:
    try:
        return jobs_visible_to(user=user).get(pk=job_id)
    except (Job.DoesNotExist, ValueError) as exc:
        raise NotFound("No such job.") from exc


def queue_health() -> dict[str, Any]:
    """Which queue runs jobs, and how many wait or run; for /healthz."""
    backend = str(settings.TASKS["default"]["BACKEND"]).rsplit(".", 1)[-1]
    try:
        queued = Job.objects.filter(status=JobStatus.QUEUED).count()
        running = Job.objects.filter(status=JobStatus.RUNNING).count()
    except Exception:  # noqa: BLE001 - a broken database is reported by /healthz itself
        return {"status": "unavailable", "backend": backend}
    health: dict[str, Any] = {
        "status": "ok",
        "backend": backend,
        "queued": queued,
        "running": running,
    }
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
        except redis.RedisError:
            health["status"] = "unavailable"
    return health
