"""Background tasks for incidents: thin shells that load what they need and call a service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from waypost.accounts.models import User
from waypost.jobs.services import ProgressReporter, job_run


@task()
def import_mmp(
    job_id: str, path: str, actor_id: int | None, partial: bool = False, language: str = ""
) -> None:
    """Import an uploaded MMP export as job ``job_id``; the upload is removed afterwards.

    Messages (a file that is not an MMP export, a guessed encoding) are in ``language``,
    the one the upload page was in.
    """
    from waypost.incidents.services import incidents_import_mmp

    def work(progress: ProgressReporter) -> dict[str, Any]:
        actor = User.objects.filter(pk=actor_id).first() if actor_id else None
        report = incidents_import_mmp(path=path, actor=actor, progress=progress, partial=partial)
        result: dict[str, Any] = dict(report.as_json())
        if report.notices:
            result["notice"] = " ".join(report.notices)
        if report.rejected:
            result["rejected rows"] = "; ".join(
                _("row %(row)s: %(reason)s") % {"row": error.row, "reason": error.reason}
                for error in report.rejected[:200]
            )
        return result

    try:
        with translation.override(language or None):
            job_run(job_id, work)
    finally:
        Path(path).unlink(missing_ok=True)
