from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import OrganisationKind, Role


@pytest.fixture
def child_protection_org(make_organisation: Callable[..., Organisation]) -> Organisation:
    return make_organisation(name="Children First Lampedusa", country="ITA")


@pytest.fixture
def child_protection_worker(
    make_user: Callable[..., User], child_protection_org: Organisation
) -> User:
    return make_user(child_protection_org, Role.CASEWORKER, username="cp-worker")


@pytest.fixture
def border_org(make_organisation: Callable[..., Organisation]) -> Organisation:
    return make_organisation(kind=OrganisationKind.BORDER_AUTHORITY, name="Border Guard")


@pytest.fixture
def supervisor(make_user: Callable[..., User], organisation: Organisation) -> User:
    return make_user(organisation, Role.REVIEWER, username="supervisor")


def consent(**extra: Any) -> dict[str, Any]:
    return {
        "given_by": "Guardian Hassan Idris",
        "date": "2026-01-10",
        "purposes": ["protection_referral"],
        **extra,
    }
