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
from django.core.management import call_command

from waypost.accounts.roles import OrganisationKind
from waypost.conftest import PASSWORD
from waypost.formats.pfif import parse
from waypost.protection import services as protection
from waypost.protection.models import AuditEntry, DataCategory
from waypost.tracing import exchange, services
from waypost.tracing.models import Candidate, FoundPerson, MissingPersonReport, UnidentifiedRemains

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
        actor=caseworker,
        model=FoundPerson,
        name="Yonas Tesfay",
        birth_date="2001",
        place="Agadez",
        share_consent="family",  # the family may be told where: the place is evidence
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


# PFIF: a file that leaves Waypost for another organisation carries only what the persons'
# consents and the receiving organisation (agreement, kind) allow.


@pytest.fixture
def ngo_records(caseworker):
    """An NGO's records: one of each kind and each consent."""
    make = services.record_create
    return {
        "enquiry_shared": make(
            actor=caseworker,
            model=MissingPersonReport,
            name="Yusuf Idris",
            birth_date="1995",
            enquirer_consents=["tracing", "identification"],
        ),
        "enquiry_kept": make(
            actor=caseworker,
            model=MissingPersonReport,
            name="Hawa Diallo",
            birth_date="1990",
            enquirer_consents=["identification"],
        ),
        "found_shared": make(
            actor=caseworker,
            model=FoundPerson,
            name="Adam Musa",
            place="Hospital Lampedusa",
            share_consent="organisations",
        ),
        "found_family_only": make(
            actor=caseworker,
            model=FoundPerson,
            name="Saeed Hassan",
            place="Shelter, Tunis",
            share_consent="family",
        ),
        "found_kept": make(
            actor=caseworker,
            model=FoundPerson,
            name="Mariam Tesfay",
            place=SHELTER,
            share_consent="nothing",
        ),
        "remains": make(
            actor=caseworker,
            model=UnidentifiedRemains,
            name="",
            sex="F",
            place="Beach near Zarzis",
        ),
    }


def pfif_names(text):
    return sorted(person.full_name for person in parse(text).persons)


def test_a_pfif_export_to_a_partner_carries_what_consent_and_agreement_allow(
    ngo_records, organisation, other_organisation
):
    protection.agreement_grant(
        provider=organisation, recipient=other_organisation, purpose="tracing"
    )

    text = exchange.export_pfif(organisation, recipient=other_organisation)

    assert pfif_names(text) == ["Adam Musa", "Yusuf Idris"]
    assert "Shelter, Tunis" not in text and SHELTER not in text


def test_a_pfif_export_without_an_agreement_carries_nothing(
    ngo_records, organisation, other_organisation
):
    assert pfif_names(exchange.export_pfif(organisation, recipient=other_organisation)) == []


@pytest.mark.parametrize(
    "kind", [OrganisationKind.LAW_ENFORCEMENT, OrganisationKind.BORDER_AUTHORITY]
)
def test_a_pfif_export_never_gives_enforcement_what_people_gave_to_seek_help(
    ngo_records, organisation, make_organisation, kind
):
    police = make_organisation(kind=kind, name="Coastal Guard")
    protection.agreement_grant(
        provider=organisation,
        recipient=police,
        purpose="identification",
        categories=list(DataCategory.values),
    )
    protection.agreement_grant(
        provider=organisation,
        recipient=police,
        purpose="tracing",
        categories=list(DataCategory.values),
    )

    text = exchange.export_pfif(organisation, recipient=police)

    # Remains are forensic data no one gave to seek help: the agreement shares them.
    assert pfif_names(text) == ["Unknown"]
    assert "Yusuf" not in text and "Adam Musa" not in text and "Lampedusa" not in text


def test_an_organisations_own_copy_carries_every_record(ngo_records, organisation):
    assert len(parse(exchange.export_pfif(organisation, recipient=organisation)).persons) == 6


def test_the_export_command_names_the_recipient_and_the_log_keeps_it(
    ngo_records, organisation, other_organisation, tmp_path
):
    protection.agreement_grant(
        provider=organisation, recipient=other_organisation, purpose="tracing"
    )
    path = tmp_path / "for-partner.xml"

    call_command(
        "tracing",
        "export-pfif",
        "--org",
        organisation.slug,
        "--to",
        other_organisation.slug,
        "--out",
        str(path),
    )

    assert pfif_names(path.read_text(encoding="utf-8")) == ["Adam Musa", "Yusuf Idris"]
    entry = AuditEntry.objects.get(action="waypost.tracing.records.exported")
    assert entry.detail["recipient"] == other_organisation.slug
    assert entry.detail["records"] == {"missing": 1, "found": 1, "remains": 0}
    assert entry.detail["withheld"] == {"missing": 1, "found": 2, "remains": 1}


def test_a_confirmed_outcome_names_no_record_the_recipient_may_not_know_of(
    caseworker, make_user, organisation, other_organisation
):
    """A found person shared with a partner, confirmed as the person an enquiry (not shared)
    sought: the file says the person was found, but carries nothing of the enquiry."""
    report = services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name="Adam Musa",
        birth_date="1994",
        enquirer_consents=["identification"],
    )
    found = services.record_create(
        actor=caseworker,
        model=FoundPerson,
        name="Adam Musa",
        birth_date="1994",
        share_consent="organisations",
    )
    candidate = Candidate.objects.get(report=report, found_person=found)
    for reviewer in (caseworker, make_user(organisation)):
        services.candidate_review(
            actor=reviewer, candidate=candidate, decision="confirm", reasons="same person"
        )
    protection.agreement_grant(
        provider=organisation, recipient=other_organisation, purpose="tracing"
    )

    document = parse(exchange.export_pfif(organisation, recipient=other_organisation))

    [person] = document.persons
    assert person.person_record_id.endswith(f"found.{found.pk}")
    assert not any(note.linked_person_record_id for note in person.notes)
    assert not any("confirmed" in note.text for note in person.notes)


def test_a_partner_cannot_probe_where_a_person_who_did_not_consent_is_through_the_score(
    client,
    api_client_for,
    other_caseworker,
    organisation,
    other_organisation,
    ngo_found_person,
):
    """With an agreement, a partner learns that someone alive may be the person sought; the
    score would move with each place it tries (place weighs heavily), so it is withheld."""
    protection.agreement_grant(
        provider=organisation, recipient=other_organisation, purpose="tracing"
    )
    guesses = {}
    for place in (SHELTER, "Centro di accoglienza, Lampedusa"):
        report = services.record_create(
            actor=other_caseworker,
            model=MissingPersonReport,
            name="Mohamed Abdelrahman",
            sex="M",
            birth_date="1998-03-02",
            nationality="SDN",
            place=place,
        )
        scores = {c.score for c in Candidate.objects.filter(report=report)}
        [result] = (
            api_client_for(other_caseworker)
            .get(f"/api/v1/missing-persons/{report.pk}/candidates/")
            .json()["results"]
        )
        guesses[place] = (result["score"], result["explanation"], scores)
    assert len({s for *_, scores in guesses.values() for s in scores}) == 2  # it would move
    assert {score for score, *_ in guesses.values()} == {None}
    assert len({explanation for _, explanation, _ in guesses.values()}) == 1

    signed_in = sign_in(client, other_caseworker)
    data, page = exported(signed_in, "missing", report.pk)
    assert data["related"]["candidates"][0]["score"] is None
    candidate = Candidate.objects.get(report=report)
    detail = signed_in.get(f"/en/tracing/missing/{report.pk}/").content.decode()
    shown = signed_in.get(f"/en/tracing/candidates/{candidate.pk}/").content.decode()
    queue = signed_in.get("/en/tracing/review/").content.decode()
    for text in (detail, shown, queue):
        assert f"{round(candidate.score * 100)}%" not in text
        assert f"{candidate.score:.2f}" not in text
