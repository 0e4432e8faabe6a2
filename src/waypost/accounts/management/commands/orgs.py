from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from waypost.accounts import services
from waypost.accounts.models import Organisation
from waypost.accounts.roles import OrganisationKind
from waypost.core.management.base import WaypostBaseCommand


class Command(WaypostBaseCommand):
    help = "Manage organisations."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create an organisation; prints its slug.")
        create.add_argument("name")
        create.add_argument("--kind", required=True, choices=OrganisationKind.values)
        create.add_argument("--country", required=True, help="ISO 3166-1 alpha-3, e.g. ITA")
        create.add_argument("--languages", default="", help="ISO 639-1 codes, comma-separated")
        create.add_argument("--slug", default=None, help="Short name (default: from the name)")
        actions.add_parser("list", help="List organisations.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            organisation = services.organisation_create(
                name=options["name"],
                kind=options["kind"],
                country=options["country"],
                languages=[code for code in options["languages"].split(",") if code.strip()],
                slug=options["slug"],
            )
            self.stdout.write(organisation.slug)
        else:
            for organisation in Organisation.objects.all():
                self.stdout.write(
                    f"{organisation.slug}\t{organisation.kind}\t{organisation.country}\t{organisation.name}"
                )
