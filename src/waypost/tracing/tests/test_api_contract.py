"""The API contract of issue 7 and its data-protection checks, from outside."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

from waypost.accounts.roles import Role
from waypost.conftest import database_bytes
from waypost.protection import services as protection
from waypost.tracing.models import FoundPerson, MissingPersonReport

REPORT = {
    "name": "Mohamed Abdelrahman",
    "sex": "M",
    "birth_date": "1998",
    "age": None,
    "age_date": None,
    "nationality": "SDN",
    "last_seen_place": "Kufra, Libya",
    "description": "Scar above the left eyebrow, blue jacket",
    "enquirer_phone": "+249 912 345 678",
}


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((64, 64), 80).save(buffer, "PNG")
    return buffer.getvalue()


FOUND = {
    "name": "محمد عبد الرحمن",
    "sex": "M",
    "birth_date": "1998-03-02",
    "nationality": "SDN",
    "last_seen_place": "Ospedale Civico, Palermo",
    "description": "Admitted after rescue at sea",
}


@pytest.fixture
def a_client(api_client_for, caseworker):
    return api_client_for(caseworker)


@pytest.fixture
def b_client(api_client_for, other_caseworker):
    return api_client_for(other_caseworker)


def create(client, path, payload):
    response = client.post(path, payload, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_post_returns_201_with_id_and_get_returns_the_record(a_client):
    report_id = create(a_client, "/api/v1/missing-persons/", REPORT)

    record = a_client.get(f"/api/v1/missing-persons/{report_id}/").json()
    assert record["name"] == "Mohamed Abdelrahman"
    assert record["birth_date"] == "1998"
    assert record["enquirer_phone"] == "+249 912 345 678"
    assert record["status"] == "open"


@pytest.mark.parametrize("impossible", ["1998-13-45", "1998-02-30", "1998-00"])
def test_a_birth_date_that_cannot_exist_gets_a_400_and_stores_nothing(a_client, impossible):
    response = a_client.post(
        "/api/v1/missing-persons/", {**REPORT, "birth_date": impossible}, format="json"
    )

    assert response.status_code == 400
    assert "birth_date" in response.json()["errors"]
    assert MissingPersonReport.objects.count() == 0


def test_bad_input_gets_a_clear_error(a_client):
    response = a_client.post(
        "/api/v1/missing-persons/",
        {**REPORT, "birth_date": "98", "nationality": "XX"},
        format="json",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()["errors"]) == {"birth_date", "nationality"}
    assert not MissingPersonReport.objects.exists()


def test_an_arabic_found_person_of_b_is_the_first_candidate_when_b_shares_for_tracing(
    a_client, b_client, organisation, other_organisation
):
    protection.agreement_grant(
        provider=other_organisation, recipient=organisation, purpose="tracing"
    )
    # Both agreed to be shared with tracing organisations: their scores are shown.
    shared = {**FOUND, "share_consent": "organisations"}
    found_id = create(b_client, "/api/v1/found-persons/", shared)
    create(b_client, "/api/v1/found-persons/", {**shared, "name": "خالد حسن", "birth_date": "1985"})
    report_id = create(a_client, "/api/v1/missing-persons/", REPORT)

    results = a_client.get(f"/api/v1/missing-persons/{report_id}/candidates/").json()["results"]

    assert results[0]["kind"] == "found_person"
    assert results[0]["id"] == found_id
    assert results[0]["score"] > 0.5
    assert results[0]["explanation"]
    assert "Ospedale" not in str(results)  # minimal disclosure: no whereabouts before confirmation
    assert results == sorted(results, key=lambda r: -r["score"])


def test_the_enquirer_agrees_to_tracing_and_identification_unless_they_say_otherwise(
    a_client, b_client, organisation, other_organisation
):
    protection.agreement_grant(
        provider=other_organisation, recipient=organisation, purpose="tracing"
    )
    create(b_client, "/api/v1/found-persons/", FOUND)
    default_id = create(a_client, "/api/v1/missing-persons/", REPORT)
    refused_id = create(
        a_client, "/api/v1/missing-persons/", {**REPORT, "enquirer_consents": ["statistics"]}
    )

    default = a_client.get(f"/api/v1/missing-persons/{default_id}/").json()
    refused = a_client.get(f"/api/v1/missing-persons/{refused_id}/").json()
    assert default["enquirer_consents"] == ["identification", "tracing"]
    assert refused["enquirer_consents"] == ["statistics"]
    # Without consent to tracing, other organisations' records are not searched for them.
    candidates = a_client.get(f"/api/v1/missing-persons/{refused_id}/candidates/").json()
    assert candidates["results"] == []
    bad = a_client.post(
        "/api/v1/missing-persons/", {**REPORT, "enquirer_consents": ["marketing"]}, format="json"
    )
    assert bad.status_code == 400
    assert "enquirer_consents" in bad.json()["errors"]


def test_the_candidate_appears_when_the_report_comes_first_too(
    a_client, b_client, organisation, other_organisation
):
    protection.agreement_grant(
        provider=other_organisation, recipient=organisation, purpose="tracing"
    )
    report_id = create(a_client, "/api/v1/missing-persons/", REPORT)
    found_id = create(b_client, "/api/v1/found-persons/", FOUND)

    results = a_client.get(f"/api/v1/missing-persons/{report_id}/candidates/").json()["results"]

    assert [r["id"] for r in results][:1] == [found_id]


def test_no_candidate_from_b_without_an_agreement(a_client, b_client):
    create(b_client, "/api/v1/found-persons/", FOUND)
    report_id = create(a_client, "/api/v1/missing-persons/", REPORT)

    assert a_client.get(f"/api/v1/missing-persons/{report_id}/candidates/").json()["results"] == []


def test_revoking_the_agreement_hides_the_candidate_at_once(
    a_client, b_client, organisation, other_organisation
):
    agreement = protection.agreement_grant(
        provider=other_organisation, recipient=organisation, purpose="tracing"
    )
    create(b_client, "/api/v1/found-persons/", FOUND)
    report_id = create(a_client, "/api/v1/missing-persons/", REPORT)

    protection.agreement_revoke(actor=None, agreement=agreement)

    assert a_client.get(f"/api/v1/missing-persons/{report_id}/candidates/").json()["results"] == []


def test_other_organisations_get_404_and_empty_lists(a_client, b_client):
    found_id = create(b_client, "/api/v1/found-persons/", FOUND)
    report_id = create(a_client, "/api/v1/missing-persons/", REPORT)

    assert a_client.get(f"/api/v1/found-persons/{found_id}/").status_code == 404
    assert b_client.get(f"/api/v1/missing-persons/{report_id}/").status_code == 404
    assert b_client.get(f"/api/v1/missing-persons/{report_id}/candidates/").status_code == 404
    assert b_client.get("/api/v1/missing-persons/").json()["count"] == 0
    assert a_client.get("/api/v1/found-persons/").json()["count"] == 0


def test_law_enforcement_never_sees_a_found_person_even_with_a_tracing_agreement(
    api_client_for, b_client, make_user, other_organisation, enforcement_organisation
):
    police = api_client_for(make_user(enforcement_organisation, Role.CASEWORKER))
    protection.agreement_grant(
        provider=other_organisation,
        recipient=enforcement_organisation,
        purpose="tracing",
        categories=["tracing", "whereabouts"],
    )
    found_id = create(b_client, "/api/v1/found-persons/", FOUND)
    report_id = create(police, "/api/v1/missing-persons/", REPORT)

    assert police.get(f"/api/v1/found-persons/{found_id}/").status_code == 404
    assert police.get("/api/v1/found-persons/").json()["count"] == 0
    assert police.get(f"/api/v1/missing-persons/{report_id}/candidates/").json()["results"] == []


@pytest.mark.django_db(transaction=True)
def test_the_database_file_holds_no_personal_value_in_clear(a_client, b_client, tmp_path, settings):
    """The raw bytes of the database (the SQLite file itself) and of the matching indexes
    beside it, after a report, a found person, their candidate, a photo and the audit of
    it all."""
    from waypost.tracing import services

    report_id = create(a_client, "/api/v1/missing-persons/", REPORT)
    create(b_client, "/api/v1/found-persons/", FOUND)
    photo = services.photo_add(
        actor=None, record=MissingPersonReport.objects.get(pk=report_id), data=_photo()
    )
    stored_pixels = photo.content[len(photo.content) // 2 :][:48]  # inside the image data

    indexes = sorted(Path(settings.TRACING_INDEX_DIR).glob("tracing-*.sqlite*"))
    assert {p.name for p in indexes} >= {"tracing-reports.sqlite", "tracing-sought.sqlite"}
    raw = database_bytes(tmp_path) + b"".join(p.read_bytes() for p in indexes)

    assert b"tracing_missingpersonreport" in raw  # the copy holds the schema
    assert b"SDN" in raw  # and the rows (nationality is a clear column, for blocking)
    for value in (
        "Mohamed",
        "Abdelrahman",
        "محمد",
        "Kufra",
        "Scar",
        "912 345",
        "912345678",
        "Ospedale",
        "Palermo",
        "1998-03-02",
        "mohamed",
        "abdelrahman",
        "kufra",
    ):
        for encoding in ("utf-8", "utf-16-le"):
            assert value.encode(encoding) not in raw, value
    assert stored_pixels not in raw


def test_the_audit_chain_verifies_after_these_accesses(a_client, capsys):
    report_id = create(a_client, "/api/v1/missing-persons/", REPORT)
    a_client.get(f"/api/v1/missing-persons/{report_id}/")
    a_client.get(f"/api/v1/missing-persons/{report_id}/candidates/")

    call_command("audit", "verify")

    assert "intact" in capsys.readouterr().out
    assert FoundPerson.objects.count() == 0


def test_without_the_found_persons_consent_the_family_learns_only_that_they_are_alive(
    a_client, b_client, organisation, other_organisation, other_caseworker
):
    from waypost.tracing import services
    from waypost.tracing.models import FoundPerson as Found

    protection.agreement_grant(
        provider=other_organisation, recipient=organisation, purpose="tracing"
    )
    found_id = create(
        b_client, "/api/v1/found-persons/", FOUND
    )  # share_consent defaults to "nothing"
    report_id = create(a_client, "/api/v1/missing-persons/", REPORT)

    def explanation():
        return a_client.get(f"/api/v1/missing-persons/{report_id}/candidates/").json()["results"][
            0
        ]["explanation"]

    assert "did not consent to share more" in explanation()
    assert "محمد" not in explanation()

    person = Found.objects.get(pk=found_id)
    # Telling the family where they are is not sharing with organisations (issue 32).
    services.record_update(actor=other_caseworker, record=person, share_consent="family")
    assert "did not consent to share more" in explanation()
    services.record_update(actor=other_caseworker, record=person, share_consent="organisations")
    assert "did not consent" not in explanation()

    services.found_person_withdraw_consent(
        actor=other_caseworker, person=Found.objects.get(pk=found_id)
    )
    assert "did not consent to share more" in explanation()  # at once


@pytest.mark.parametrize("role", [Role.ANALYST, Role.AUDITOR, Role.OPERATOR])
def test_a_colleague_whose_role_sees_no_personal_data_gets_404_not_403(
    a_client, api_client_for, make_user, organisation, role
):
    report_id = create(a_client, "/api/v1/missing-persons/", REPORT)
    colleague = api_client_for(make_user(organisation, role, username=f"colleague-{role}"))

    for path in (
        f"/api/v1/missing-persons/{report_id}/",
        f"/api/v1/missing-persons/{report_id}/candidates/",
        "/api/v1/missing-persons/999999/",
    ):
        assert colleague.get(path).status_code == 404, path
