from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from waypost.core.management.base import WaypostBaseCommand
from waypost.jobs.periodic import PERIODIC_JOBS, periodic_run_due


class Command(WaypostBaseCommand):
    help = (
        "Run the periodic jobs that are due (the server and the worker already do this "
        "every minute; use it from cron when neither runs all the time)."
    )
    lock_name = "runperiodic"

    def add_arguments(self, parser: ArgumentParser) -> None:
        names = [job.name for job in PERIODIC_JOBS]
        parser.add_argument("--tasks", nargs="*", default=[], choices=names, help="Only these.")
        parser.add_argument("--exclude", nargs="*", default=[], choices=names, help="Not these.")

    def handle(self, *args: Any, **options: Any) -> None:
        ran = periodic_run_due(only=options["tasks"], exclude=options["exclude"])
        for name, status in ran.items():
            self.stdout.write(f"{name}: {status}")
        if not ran:
            self.stdout.write("Nothing was due.")
