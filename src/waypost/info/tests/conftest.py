from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import OrganisationKind, Role
from waypost.info import services
from waypost.screening import services as screening_services

AGADEZ = (16.9733, 7.9911)
TRIPOLI = (32.8872, 13.1913)


@pytest.fixture
def provider(make_organisation: Callable[..., Organisation]) -> Organisation:
    return make_organisation(name="Migrant Protection Office", country="CHE")


@pytest.fixture
def provider_admin(make_user: Callable[..., User], provider: Organisation) -> User:
    return make_user(provider, Role.ADMIN, username="provider-admin")


@pytest.fixture
def border_admin(
    make_user: Callable[..., User], make_organisation: Callable[..., Organisation]
) -> User:
    border = make_organisation(kind=OrganisationKind.BORDER_AUTHORITY, name="Border Guard")
    return make_user(border, Role.ADMIN, username="border-admin")


@pytest.fixture
def directory(provider: Organisation) -> dict[str, Any]:
    """Health services in Tripoli and Agadez (created Tripoli first), a draft, a detention site."""
    tripoli = screening_services.service_create(
        actor=None,
        organisation=provider,
        names={"en": "Tripoli clinic", "ar": "عيادة طرابلس"},
        type="health",
        languages=["ar", "en"],
        place="Tripoli",
        latitude=TRIPOLI[0],
        longitude=TRIPOLI[1],
        hours="00:00-24:00",
        status="published",
    )
    agadez = screening_services.service_create(
        actor=None,
        organisation=provider,
        names={
            "en": "Agadez health post",
            "fr": "Poste de santé d'Agadez",
            "ar": "المركز الصحي في أغاديز",
        },
        type="health",
        languages=["fr", "ha"],
        place="Agadez",
        latitude=16.9742,
        longitude=7.9865,
        hours="08:00-18:00",
        contact="+227 20 44 00 00",
        status="published",
    )
    draft = screening_services.service_create(
        actor=None,
        organisation=provider,
        names={"en": "Unpublished shelter"},
        type="shelter",
        place="Agadez",
        latitude=16.97,
        longitude=7.99,
        status="draft",
    )
    held = screening_services.service_create(
        actor=None,
        organisation=provider,
        names={"en": "Holding centre"},
        type="shelter",
        place="Agadez",
        latitude=16.97,
        longitude=7.99,
        detention=True,
        status="published",
    )
    return {"tripoli": tripoli, "agadez": agadez, "draft": draft, "held": held}


@pytest.fixture
def point(organisation: Organisation) -> Any:
    return services.point_create(
        actor=None,
        organisation=organisation,
        names={"en": "Agadez bus station desk", "ar": "مكتب محطة الحافلات", "ti": "ቦታ ሓበሬታ ኣጋዴዝ"},
        descriptions={"en": "Information and water."},
        kind="bus_station",
        place="Agadez",
        latitude=AGADEZ[0],
        longitude=AGADEZ[1],
        hours={"mon": "07:00-19:00"},
        languages=["ar", "en", "ti"],
        child_friendly=True,
        women_only_hours={"wed": "14:00-17:00"},
        status="published",
    )


@pytest.fixture
def rights_article(organisation: Organisation) -> Any:
    return services.article_create(
        actor=None,
        organisation=organisation,
        topic="rights",
        translations={
            "en": {"title": "Your rights", "body": "You may ask for asylum.", "summary": "Asylum."},
            "ti": {"title": "መሰላትካ", "body": "ዑቕባ ክትሓትት ትኽእል ኢኻ።", "summary": "ዑቕባ።"},
            "ar": {"title": "حقوقك", "body": "يمكنك طلب اللجوء.", "summary": "اللجوء."},
        },
        status="published",
        review_by=timezone.localdate() + timedelta(days=100),
    )
