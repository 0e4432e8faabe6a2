from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from waypost.core.management.base import WaypostBaseCommand
from waypost.core.server import serve


class Command(WaypostBaseCommand):
    help = "Serve Waypost over HTTP with waitress (behind a reverse proxy in production)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not run background jobs in this process (run 'waypost worker' instead).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Waypost is running at http://{options['host']}:{options['port']}/")
        self.stdout.flush()
        serve(
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            embedded_worker=not options["no_worker"],
        )
