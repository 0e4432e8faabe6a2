from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command

from waypost.core.management.base import WaypostBaseCommand
from waypost.core.server import uses_database_queue
from waypost.jobs.periodic import periodic_run_due, start_periodic_scheduler


class Command(WaypostBaseCommand):
    help = (
        "Run background jobs: from the database queue, or from Redis when WAYPOST_REDIS_URL is set."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        # Periodic jobs (waypost.jobs.periodic) run wherever jobs run: a batch run does
        # what is due once; a long-running worker checks every minute in a thread.
        if options["batch"]:
            periodic_run_due()
        else:
            start_periodic_scheduler()
        if uses_database_queue():
            worker_options: dict[str, Any] = {"startup_delay": False, "reload": False}
            if options["batch"]:
                worker_options["batch"] = True
            call_command("db_worker", **worker_options)
        else:
            # RQ must build jobs with django-tasks' Job class to run django-tasks tasks.
            call_command(
                "rqworker",
                "default",
                burst=options["batch"],
                job_class="django_tasks_rq.backend.Job",
            )
