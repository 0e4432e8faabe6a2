from __future__ import annotations

import getpass
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from waypost.accounts import selectors, services
from waypost.accounts.models import User
from waypost.accounts.roles import Role
from waypost.core.management.base import WaypostBaseCommand


class Command(WaypostBaseCommand):
    help = "Manage the people who use Waypost."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a user in an organisation.")
        create.add_argument("username")
        create.add_argument("--org", required=True, help="Organisation slug")
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--email", default="")
        create.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from standard input (otherwise asked for on a terminal, "
            "or none is set and the user needs an invitation link).",
        )
        actions.add_parser("list", help="List users.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for user in User.objects.select_related("organisation"):
                org = user.organisation.slug if user.organisation else "-"
                state = "active" if user.is_active else "inactive"
                self.stdout.write(f"{user.username}\t{org}\t{user.role}\t{state}")
            return
        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
            if not password:
                raise CommandError("No password on standard input.")
        elif sys.stdin.isatty():
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        user = services.user_create(
            username=options["username"],
            organisation=selectors.organisation_get(slug=options["org"]),
            role=options["role"],
            email=options["email"],
            password=password or None,
        )
        self.stdout.write(user.username)
