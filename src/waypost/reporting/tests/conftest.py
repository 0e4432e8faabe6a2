"""Personas for reporting: a human rights institution that receives reports, its people."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from PIL import Image

from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import OrganisationKind, Role
from waypost.reporting import services
from waypost.reporting.models import Report


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def nhri(make_organisation: Callable[..., Organisation]) -> Organisation:
    organisation = make_organisation(
        kind=OrganisationKind.NHRI, country="TUN", name="National Human Rights Commission"
    )
    services.channel_set(
        actor=None, organisation=organisation, accepts_reports=True, countries=["TUN", "LBY"]
    )
    return organisation


@pytest.fixture
def handler(make_user: Callable[..., User], nhri: Organisation) -> User:
    return make_user(nhri, Role.CASEWORKER, username="handler")


@pytest.fixture
def custodian(make_user: Callable[..., User], nhri: Organisation) -> User:
    return make_user(nhri, Role.ADMIN, username="custodian")


@pytest.fixture
def police(make_organisation: Callable[..., Organisation]) -> Organisation:
    return make_organisation(
        kind=OrganisationKind.LAW_ENFORCEMENT, country="TUN", name="National Guard"
    )


SECRET_ACCOUNT = "Guards at the Sfax port took our phones and beat Yusuf until he bled"
SECRET_PLACE = "Warehouse behind the Sfax fishing port"


def submission(recipient: Organisation, **overrides: Any) -> services.Submission:
    values: dict[str, Any] = {
        "recipient_slug": recipient.slug,
        "what_happened": SECRET_ACCOUNT,
        "where": SECRET_PLACE,
        "when": "2025-03",
        "language": "en",
        "country": "TUN",
        "harmed": ["me", "others"],
        "harmed_count": 4,
        "perpetrator": "authority",
    }
    values.update(overrides)
    return services.Submission(**values)


@pytest.fixture
def submitted(nhri: Organisation) -> tuple[Report, str]:
    return services.report_submit(submission=submission(nhri))


def jpeg_with_exif(marker: str = "SecretCam-4242") -> bytes:
    image = Image.new("RGB", (40, 30), (120, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = marker  # camera make
    exif[0x8825] = {2: (36.0, 48.0, 0.0)}  # GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()
