from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from waypost.accounts import services
from waypost.accounts.models import User
from waypost.core.management.base import WaypostBaseCommand


class Command(WaypostBaseCommand):
    help = "Create and revoke API tokens."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token; prints only the token.")
        create.add_argument("username")
        revoke = actions.add_parser("revoke", help="Revoke a token at once.")
        revoke.add_argument("token")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            try:
                user = User.objects.get(username=options["username"], is_active=True)
            except User.DoesNotExist as exc:
                raise CommandError(f"No active user {options['username']!r}.") from exc
            self.stdout.write(services.token_create(user=user))
        elif not services.token_revoke(raw=options["token"]):
            raise CommandError("No active token matches.")
        else:
            self.stdout.write("revoked")
