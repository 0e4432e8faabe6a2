from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from waypost.accounts import selectors, services
from waypost.accounts.models import User
from waypost.accounts.scopes import ALL_SCOPES, ScopeError, parse_lifetime
from waypost.core.exceptions import ApplicationError
from waypost.core.management.base import WaypostBaseCommand


def _when(value: Any) -> str:
    return value.isoformat(timespec="seconds") if value is not None else "-"


class Command(WaypostBaseCommand):
    help = "Create, list and revoke API tokens."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token; prints only the token.")
        create.add_argument("username")
        create.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            metavar="KIND:ACCESS",
            help=f"Repeat for each scope, one of: {', '.join(ALL_SCOPES)}. "
            "Default: all the user's role can use.",
        )
        create.add_argument(
            "--expires",
            default="90d",
            metavar="LIFETIME",
            help="How long the token works: 30d, 12w, 6m or 1y (default 90d, at most 1y).",
        )
        create.add_argument("--name", default="", help="What the token is for, e.g. a system.")
        listing = actions.add_parser("list", help="List tokens (never their values).")
        listing.add_argument("username", nargs="?", help="Only this user's tokens.")
        revoke = actions.add_parser("revoke", help="Revoke a token at once.")
        revoke.add_argument("token", nargs="?", help="The token itself.")
        revoke.add_argument("--id", type=int, help="The token's id, as `tokens list` shows it.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = self._user(options["username"])
            try:
                lifetime = parse_lifetime(options["expires"])
            except ScopeError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                services.token_create(
                    user=user, name=options["name"], scopes=options["scopes"], lifetime=lifetime
                )
            )
        elif action == "list":
            self._list(options["username"])
        elif options["id"] is not None:
            try:
                services.token_revoke_by_id(actor=None, token_id=options["id"])
            except ApplicationError as error:
                raise CommandError("No active token has this id.") from error
            self.stdout.write("revoked")
        elif not options["token"]:
            raise CommandError("Give the token, or --id with its id.")
        elif not services.token_revoke(raw=options["token"]):
            raise CommandError("No active token matches.")
        else:
            self.stdout.write("revoked")

    def _user(self, username: str) -> User:
        try:
            return User.objects.get(username=username, is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user {username!r}.") from exc

    def _list(self, username: str | None) -> None:
        owner = self._user(username) if username else None
        self.stdout.write("id\tuser\tname\tprefix\tscopes\tcreated\texpires\tlast used\tstate")
        for token in selectors.tokens_of(user=owner):
            state = "revoked" if token.revoked_at else ("expired" if token.is_expired else "active")
            self.stdout.write(
                "\t".join(
                    [
                        str(token.pk),
                        token.user.username,
                        token.name or "-",
                        f"{token.prefix}…",
                        ",".join(token.scopes),
                        _when(token.created_at),
                        _when(token.expires_at),
                        _when(token.last_used_at),
                        state,
                    ]
                )
            )
