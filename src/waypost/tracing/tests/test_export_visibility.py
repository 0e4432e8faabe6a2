"""The person export (subject access) shows another organisation's record only as far as
the one visibility authority (``protection.access.record_visible_to``) and the consents allow.

The leak these tests reproduce: a police caseworker without any agreement recorded a missing
person with the name of a person an NGO found (who consented to nothing), and the export of
the police report listed the NGO's person, the score and the evidence ("same place"), so
that trying places one by one told where the person is. The reverse exported a family's
enquiry to the police.
"""

from __future__ import annotations

import pytest

from waypost.accounts.roles import OrganisationKind
from waypost.conftest import PASSWORD
from waypost.protection import services as protection
from waypost.tracing import services
from waypost.tracing.models import Candidate, FoundPerson, MissingPersonReport

SHELTER = "Foyer Saint-Jean, Marseille"
DESCRIPTION = "scar above the left eyebrow, NGO-ONLY-MARKER"


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def ngo_found_person(caseworker):
    """A person an NGO found, who agreed to nothing being told about them."""
    return services.record_create(
        actor=caseworker,
        model=FoundPerson,
        name="Mohamed Abdelrahman",
        sex="M",
        birth_date="1998-03-02",
        nationality="SDN",
        place=SHELTER,
        description=DESCRIPTION,
        share_consent="nothing",
    )


def exported(client, kind, pk):
    data = client.get(f"/en/tracing/{kind}/{pk}/export.json").json()
    page = client.get(f"/en/tracing/{kind}/{pk}/export.html").content.decode()
    return data, page


def test_a_police_report_export_does_not_carry_the_ngos_found_person(
    client, enforcement_user, ngo_found_person
):
    report = services.record_create(
        actor=enforcement_user,
        model=MissingPersonReport,
        name="Mohamed Abdelrahman",
        sex="M",
        birth_date="1998-03-02",
        nationality="SDN",
        place=SHELTER,  # a guessed place: "same place" in the evidence would confirm it
    )
    assert Candidate.objects.filter(report=report, found_person=ngo_found_person).exists()

    data, page = exported(sign_in(client, enforcement_user), "missing", report.pk)

    assert data["related"]["candidates"] == []
    assert "same place" not in page
    assert DESCRIPTION not in page
    assert f'found_person</code></dt><dd dir="auto">{ngo_found_person.pk}' not in page


def test_a_police_found_person_export_does_not_carry_a_familys_enquiry(
    client, enforcement_user, other_caseworker
):
    enquiry = services.record_create(
        actor=other_caseworker,
        model=MissingPersonReport,
        name="Amina Yusuf Ali",
        sex="F",
        birth_date="2001-11-20",
        nationality="ERI",
        place="Tripoli, Abu Salim",
        description="a family's enquiry, FAMILY-ONLY-MARKER",
        enquirer={"name": "Halima", "relationship": "mother"},
    )
    found = services.record_create(
        actor=enforcement_user,
        model=FoundPerson,
        name="Amina Yusuf Ali",
        sex="F",
        birth_date="2001-11-20",
        nationality="ERI",
        place="Tripoli, Abu Salim",
    )
    assert Candidate.objects.filter(report=enquiry, found_person=found).exists()

    data, page = exported(sign_in(client, enforcement_user), "found", found.pk)

    assert data["related"]["candidates"] == []
    assert "same place" not in page
    assert "FAMILY-ONLY-MARKER" not in page


def test_the_firewall_holds_in_the_export_even_under_an_agreement(
    client, make_organisation, make_user, organisation, ngo_found_person
):
    border = make_organisation(kind=OrganisationKind.BORDER_AUTHORITY, name="Border Guard")
    officer = make_user(border)
    protection.agreement_grant(
        provider=organisation,
        recipient=border,
        purpose="tracing",
        categories=["tracing", "identification", "whereabouts"],
    )
    report = services.record_create(
        actor=officer,
        model=MissingPersonReport,
        name="Mohamed Abdelrahman",
        sex="M",
        birth_date="1998-03-02",
        nationality="SDN",
        place=SHELTER,
    )
    assert Candidate.objects.filter(report=report, found_person=ngo_found_person).exists()

    data, _page = exported(sign_in(client, officer), "missing", report.pk)

    assert data["related"]["candidates"] == []


def test_an_export_shows_a_shared_candidate_as_the_candidate_pages_do(
    client, caseworker, other_caseworker, organisation, other_organisation, ngo_found_person
):
    """With an agreement, the family's organisation learns what its candidate page shows:
    that someone may be the person sought, the score, and (no consent) not why."""
    protection.agreement_grant(
        provider=organisation, recipient=other_organisation, purpose="tracing"
    )
    report = services.record_create(
        actor=other_caseworker,
        model=MissingPersonReport,
        name="Mohamed Abdelrahman",
        sex="M",
        birth_date="1998-03-02",
        nationality="SDN",
        place=SHELTER,
    )

    data, page = exported(sign_in(client, other_caseworker), "missing", report.pk)

    [candidate] = data["related"]["candidates"]
    assert candidate["found_person"] == ngo_found_person.pk
    assert candidate["organisation"] == organisation.slug
    assert "did not consent to share more" in candidate["explanation"]
    assert "evidence" not in candidate
    assert "same place" not in page
    assert DESCRIPTION not in page


def test_an_organisations_own_candidates_are_exported_whole(client, caseworker):
    found = services.record_create(
        actor=caseworker, model=FoundPerson, name="Yonas Tesfay", birth_date="2001", place="Agadez"
    )
    report = services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name="Yonas Tesfay",
        birth_date="2001",
        place="Agadez",
    )

    data, _page = exported(sign_in(client, caseworker), "missing", report.pk)

    [candidate] = data["related"]["candidates"]
    assert candidate["found_person"] == found.pk
    assert "same place" in candidate["explanation"]
