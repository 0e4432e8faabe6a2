"""Demo data: organisations of each kind, one login per role, and each app's demo records.

Each Waypost app may add demo records with a ``demo.py`` module defining
``load(context: DemoContext) -> None``; apps run in INSTALLED_APPS order, after the
organisations and people below exist. Loading is idempotent: running the demo again keeps
what is there and prints the same logins.
"""

from __future__ import annotations

import csv
import json
import os
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from django.conf import settings
from django.db import transaction

from waypost.accounts import services as account_services
from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import OrganisationKind, Role
from waypost.core.plugins import app_modules


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    organisation: str
    role: str


@dataclass(frozen=True)
class DemoName:
    latin: str
    arabic: str
    part: str  # given_male, given_female or family


@dataclass
class DemoContext:
    """What an app's demo loader gets: the demo organisations, people and names."""

    organisations: dict[str, Organisation]
    users: dict[str, User]
    names: list[DemoName]
    rng: random.Random = field(default_factory=lambda: random.Random(1998))  # noqa: S311
    progress: Callable[[str], object] = print


# key: (name, kind, country ISO3, working languages)
DEMO_ORGANISATIONS = {
    "tracing-ngo": ("Sahel Family Links", OrganisationKind.NGO, "NER", ["fr", "ar", "en"]),
    "forensic": (
        "Institute of Forensic Medicine, Palermo",
        OrganisationKind.FORENSIC,
        "ITA",
        ["it", "en"],
    ),
    "nhri": ("National Human Rights Commission", OrganisationKind.NHRI, "TUN", ["ar", "fr"]),
    "international": (
        "Migrant Protection Office",
        OrganisationKind.INTERNATIONAL,
        "CHE",
        ["en", "fr", "es"],
    ),
    "consulate": (
        "Consulate General of Sudan, Tripoli",
        OrganisationKind.CONSULATE,
        "SDN",
        ["ar", "en"],
    ),
    "border": ("Coastal Border Police", OrganisationKind.BORDER_AUTHORITY, "ITA", ["it", "en"]),
}

# username: (organisation key, role)
DEMO_USERS = {
    "admin": ("tracing-ngo", Role.ADMIN),
    "caseworker": ("tracing-ngo", Role.CASEWORKER),
    "reviewer": ("tracing-ngo", Role.REVIEWER),
    "analyst": ("international", Role.ANALYST),
    "operator": ("international", Role.OPERATOR),
    "auditor": ("tracing-ngo", Role.AUDITOR),
    "forensic": ("forensic", Role.FORENSIC),
    "nhri": ("nhri", Role.CASEWORKER),
    "border": ("border", Role.CASEWORKER),
}


def demo_names() -> list[DemoName]:
    text = files("waypost.demo").joinpath("data/names.tsv").read_text(encoding="utf-8")
    return [DemoName(**row) for row in csv.DictReader(text.splitlines(), delimiter="\t")]


def _logins_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-logins.json"


def _stored_passwords() -> dict[str, str]:
    path = _logins_file()
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _store_passwords(passwords: dict[str, str]) -> None:
    path = _logins_file()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(passwords, handle)


def _demo_password() -> str:
    # Random per installation: a demo exposed with --host 0.0.0.0 has no known password.
    return "-".join(secrets.token_hex(3) for _ in range(3))


@transaction.atomic
def _ensure_people(
    names: list[DemoName],
) -> tuple[dict[str, Organisation], dict[str, User], dict[str, str]]:
    organisations = {}
    for key, (name, kind, country, languages) in DEMO_ORGANISATIONS.items():
        slug = f"demo-{key}"
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            organisation = account_services.organisation_create(
                name=name, kind=kind, country=country, languages=languages, slug=slug
            )
        organisations[key] = organisation
    passwords = _stored_passwords()
    users = {}
    rng = random.Random(7)  # noqa: S311 - demo display names only
    given = [n.latin for n in names if n.part.startswith("given")]
    family = [n.latin for n in names if n.part == "family"]
    for username, (org_key, role) in DEMO_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = account_services.user_create(
                username=username,
                organisation=organisations[org_key],
                role=role,
                first_name=rng.choice(given),
                last_name=rng.choice(family),
            )
        if username not in passwords or not user.check_password(passwords[username]):
            passwords[username] = passwords.get(username) or _demo_password()
            user.set_password(passwords[username])
            user.save(update_fields=["password"])
        users[username] = user
    _store_passwords(passwords)
    return organisations, users, passwords


def load_demo(progress: Callable[[str], object] = print) -> list[DemoLogin]:
    names = demo_names()
    organisations, users, passwords = _ensure_people(names)
    context = DemoContext(organisations=organisations, users=users, names=names, progress=progress)
    for module in app_modules("demo"):
        module.load(context)
    return [
        DemoLogin(
            username=username,
            password=passwords[username],
            organisation=organisations[org_key].name,
            role=str(Role(role).label),
        )
        for username, (org_key, role) in DEMO_USERS.items()
    ]
