from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command

from waypost.core.management.base import WaypostBaseCommand
from waypost.core.server import serve
from waypost.demo import DemoLogin, load_demo


class Command(WaypostBaseCommand):
    help = "Set up the demo (database, demo organisations, people and records) and serve it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare the demo and print the logins only."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Preparing the Waypost demo database…")
        call_command("migrate", interactive=False, verbosity=0)
        logins = load_demo(progress=self.stdout.write)
        self._print_logins(logins, options["host"], options["port"])
        if not options["no_serve"]:
            serve(host=options["host"], port=options["port"])

    def _print_logins(self, logins: list[DemoLogin], host: str, port: int) -> None:
        shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Waypost demo: http://{shown_host}:{port}/"))
        self.stdout.write("Demo logins (username / password, organisation, role):")
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(
                f"  {login.username.ljust(width)}  {login.password}  {login.organisation}, {login.role}"
            )
        self.stdout.write(
            "Roles that see personal data set up a second factor at their first sign-in: scan\n"
            "the QR code shown with an authenticator app (FreeOTP, Aegis, Google Authenticator)."
        )
        self.stdout.write("Press Ctrl+C to stop.")
        self.stdout.flush()
