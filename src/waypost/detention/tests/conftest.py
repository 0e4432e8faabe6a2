from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import OrganisationKind, Role
from waypost.detention import services
from waypost.detention.models import ConsularRule, Facility

STARTING_SET = Path(__file__).resolve().parents[1] / "data" / "consular_rules.csv"


@pytest.fixture(autouse=True)
def _consular_starting_set(db: None) -> None:
    """The starting set of consular rules, which migration 0002 loads: a test that flushes
    the database (``transaction=True``, anywhere in the run) empties it for the tests after."""
    if not ConsularRule.objects.exists():
        services.consular_rules_import(actor=None, text=STARTING_SET.read_text(encoding="utf-8"))


@pytest.fixture
def facility(db: None) -> Facility:
    facility, _created = services.facility_save(
        actor=None,
        name="Krome Service Processing Center",
        type="administrative",
        authority="ICE",
        country="USA",
        capacity=600,
        latitude=25.75,
        longitude=-80.49,
    )
    return facility


@pytest.fixture
def other_facility(db: None) -> Facility:
    facility, _created = services.facility_save(
        actor=None, name="Broward Transitional Center", type="administrative", country="USA"
    )
    return facility


@pytest.fixture
def monitor_org(make_organisation: Callable[..., Organisation]) -> Organisation:
    return make_organisation(kind=OrganisationKind.NHRI, country="USA", name="Rights Monitor")


@pytest.fixture
def monitor(make_user: Callable[..., User], monitor_org: Organisation) -> User:
    return make_user(monitor_org, Role.CASEWORKER, username="monitor")


@pytest.fixture
def legal_officer(make_user: Callable[..., User], monitor_org: Organisation) -> User:
    user = make_user(monitor_org, Role.REVIEWER, username="legal-officer")
    user.email = "legal@example.org"
    user.save()
    return user


@pytest.fixture
def person() -> dict[str, Any]:
    return {"name": "Wang Li", "sex": "F", "birth_date": "1990-05-01", "nationality": "CHN"}
