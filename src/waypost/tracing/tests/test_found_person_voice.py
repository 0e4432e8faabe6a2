"""Issue 32, item 6: the found person's voice. Three consents, each withdrawable on a page
and by API; a safe-and-well message relayed without whereabouts; the finding organisation
told of the match and seeing the candidate."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from waypost.conftest import PASSWORD
from waypost.protection import services as protection
from waypost.protection.rights import person_export
from waypost.tracing import exchange, selectors, services
from waypost.tracing.models import (
    Candidate,
    FamilyNotification,
    FoundPerson,
    MissingPersonReport,
)

# The shelter's address: it must reach nothing the family's side reads.
PLACE = "Centro Sant'Anna, Isola di Capo Rizzuto"
PLACE_WORDS = ("Sant'Anna", "Sant&#x27;Anna", "Rizzuto")
MESSAGE = "I am safe and well. Tell mother not to worry."


@pytest.fixture
def shelter_and_ngo(organisation, other_organisation, caseworker, other_caseworker):
    """A family's NGO (organisation) and a shelter (other_organisation) sharing for tracing."""
    for provider, recipient in (
        (other_organisation, organisation),
        (organisation, other_organisation),
    ):
        protection.agreement_grant(provider=provider, recipient=recipient, purpose="tracing")
    other_caseworker.email = "shelter@example.org"
    other_caseworker.save()


@pytest.fixture
def alive_not_where(shelter_and_ngo, api_client_for, caseworker, other_caseworker):
    """The man allows only "alive, not where"; a reviewer of each side (the family's NGO
    and the shelter) confirms the match, as the identification board asks."""
    report = services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name="Yonas Tesfay",
        sex="M",
        birth_date="2001-05-04",
        nationality="ERI",
        place="Kufra",
        enquirer={"name": "Saba", "relationship": "mother", "language": "ti"},
    )
    response = api_client_for(other_caseworker).post(
        "/api/v1/found-persons/",
        {
            "name": "Yonas Tesfay",
            "sex": "M",
            "birth_date": "2001-05-04",
            "nationality": "ERI",
            "last_seen_place": PLACE,
            "consents": ["family_alive"],
            "message": MESSAGE,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["consents"] == ["family_alive"]
    found = FoundPerson.objects.get(pk=response.json()["id"])
    candidate = Candidate.objects.get(report=report, found_person=found)
    for reviewer in (caseworker, other_caseworker):
        services.candidate_review(
            actor=reviewer, candidate=candidate, decision="confirm", reasons="Same man"
        )
    return report, found, Candidate.objects.get(pk=candidate.pk)


def _outputs_of_the_family_side(client, api, report, candidate, organisation, other_organisation):
    """Every output the family's organisation has of the report, the candidate and the
    family notification: pages (in English and Arabic), exports, API, PFIF."""
    pages = {
        f"/{language}/tracing/{path}"
        for language in ("en", "ar")
        for path in (
            f"missing/{report.pk}/",
            f"candidates/{candidate.pk}/",
            f"missing/{report.pk}/export.html",
            f"missing/{report.pk}/export.json",
            "missing/",
            "review/",
            "overdue/",
            "caseload/",
            "duplicates/",
        )
    }
    outputs = {}
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path  # a page refused would prove nothing
        outputs[path] = response.content.decode()
    for path in (
        f"/api/v1/missing-persons/{report.pk}/",
        f"/api/v1/missing-persons/{report.pk}/candidates/",
        f"/api/v1/missing-persons/{report.pk}/duplicates/",
        "/api/v1/missing-persons/",
    ):
        response = api.get(path)
        assert response.status_code == 200, path
        outputs[path] = response.content.decode()
    notification = FamilyNotification.objects.get(candidate=candidate)
    outputs["notification"] = json.dumps(
        selectors.notification_disclosed(notification, report.organisation.members.first()),
        ensure_ascii=False,
    )
    outputs["person_export"] = json.dumps(
        person_export(actor=None, record=report), ensure_ascii=False, default=str
    )
    outputs["pfif own copy"] = exchange.export_pfif(organisation, recipient=organisation)
    outputs["pfif to the shelter"] = exchange.export_pfif(
        organisation, recipient=other_organisation
    )
    outputs["pfif from the shelter"] = exchange.export_pfif(
        other_organisation, recipient=organisation
    )
    return outputs


def test_alive_not_where_relays_the_message_and_no_place_in_any_output(
    alive_not_where,
    client,
    api_client_for,
    caseworker,
    organisation,
    other_organisation,
):
    report, found, candidate = alive_not_where
    assert client.login(username=caseworker.username, password=PASSWORD)
    api = api_client_for(caseworker)

    outputs = _outputs_of_the_family_side(
        client, api, report, candidate, organisation, other_organisation
    )

    leaks = {name for name, text in outputs.items() for word in PLACE_WORDS if word in text}
    assert leaks == set()
    assert len(outputs) == 27
    notification = FamilyNotification.objects.get(candidate=candidate)
    assert (notification.family_may_know, notification.message) == ("alive", MESSAGE)
    assert MESSAGE in outputs[f"/en/tracing/candidates/{candidate.pk}/"]
    assert (
        "Only that the person is alive, not where"
        in outputs[f"/en/tracing/candidates/{candidate.pk}/"]
    )
    assert MESSAGE in outputs["notification"]
    # The same checks find the place where the person allows it (the test can fail).
    services.found_person_consent_set(
        actor=found.organisation.members.first(),
        person=found,
        purpose="family_whereabouts",
        given=True,
    )
    page = client.get(f"/en/tracing/candidates/{candidate.pk}/").content.decode()
    assert "Rizzuto" in page


def test_alive_not_where_shared_with_organisations_still_gives_no_place(
    alive_not_where,
    client,
    api_client_for,
    caseworker,
    other_caseworker,
    organisation,
    other_organisation,
):
    """Sharing with organisations is not telling the family where: the family's
    organisation receives the record (and the evidence, the score), never the place."""
    report, found, candidate = alive_not_where
    services.found_person_consent_set(
        actor=other_caseworker, person=found, purpose="tracing", given=True
    )
    assert client.login(username=caseworker.username, password=PASSWORD)

    outputs = _outputs_of_the_family_side(
        client, api_client_for(caseworker), report, candidate, organisation, other_organisation
    )

    leaks = {name for name, text in outputs.items() for word in PLACE_WORDS if word in text}
    assert leaks == set()
    assert "Yonas" in outputs["pfif from the shelter"]  # the record is shared, not the place
    assert "names" in outputs[f"/en/tracing/missing/{report.pk}/"]  # and the evidence


def test_the_finding_organisation_is_told_and_sees_the_candidate(
    alive_not_where, client, other_caseworker
):
    report, found, candidate = alive_not_where

    told = [m for m in mail.outbox if m.to == ["shelter@example.org"]]
    assert len(told) == 1
    assert f"found person number {found.pk}" in told[0].body
    assert "Yonas" not in told[0].body and "Rizzuto" not in told[0].body
    assert selectors.candidates_for_found_person(user=other_caseworker, person=found) == [candidate]
    assert client.login(username=other_caseworker.username, password=PASSWORD)
    page = client.get(f"/en/tracing/found/{found.pk}/").content.decode()
    assert "Sahel Family Links" in page and "Confirmed" in page


def test_each_consent_is_given_and_withdrawn_by_api_at_once(
    alive_not_where, api_client_for, other_caseworker
):
    _report, found, candidate = alive_not_where
    api = api_client_for(other_caseworker)
    path = f"/api/v1/found-persons/{found.pk}/consents/"

    assert api.get(path).json() == {"consents": ["family_alive"], "share_consent": "nothing"}
    given = api.post(path, {"purpose": "tracing"}, format="json")
    assert given.json()["consents"] == ["family_alive", "tracing"]

    withdrawn = api.delete(f"{path}family_alive/")
    assert withdrawn.json()["consents"] == ["tracing"]
    notification = FamilyNotification.objects.get(candidate=candidate)
    assert (notification.family_may_know, notification.message) == ("", "")
    assert api.delete(f"{path}whatever/").status_code == 404


def test_another_organisation_cannot_change_the_persons_consents(
    alive_not_where, api_client_for, caseworker
):
    _report, found, _candidate = alive_not_where
    api = api_client_for(caseworker)
    path = f"/api/v1/found-persons/{found.pk}/consents/"

    assert api.post(path, {"purpose": "tracing"}, format="json").status_code == 404
    assert api.delete(f"{path}family_alive/").status_code == 404


def test_the_page_records_and_withdraws_consents(client, other_caseworker, alive_not_where):
    _report, found, _candidate = alive_not_where
    assert client.login(username=other_caseworker.username, password=PASSWORD)

    client.post(
        f"/en/tracing/found/{found.pk}/consents/",
        {"found_consents": ["family_whereabouts", "tracing"]},
    )
    assert selectors.found_person_consents(found) == {"family_whereabouts", "tracing"}
    client.post(f"/en/tracing/found/{found.pk}/consents/", {})
    assert selectors.found_person_consents(found) == set()
    page = client.get(f"/ar/tracing/found/{found.pk}/").content.decode()
    assert f"/ar/tracing/found/{found.pk}/consents/" in page


@pytest.mark.parametrize(
    ("share_consent", "consents"),
    [
        ("nothing", []),
        ("family", ["family_whereabouts"]),
        ("organisations", ["family_whereabouts", "tracing"]),
    ],
)
def test_the_older_share_consent_input_still_works(
    api_client_for, caseworker, share_consent, consents
):
    response = api_client_for(caseworker).post(
        "/api/v1/found-persons/",
        {"name": "Amina Yusuf", "share_consent": share_consent},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["consents"] == consents
    assert response.json()["share_consent"] == share_consent


def test_a_childs_consent_still_needs_the_guardian(api_client_for, caseworker):
    response = api_client_for(caseworker).post(
        "/api/v1/found-persons/",
        {"name": "Abdou Diallo", "age": 15, "consents": ["family_alive"]},
        format="json",
    )
    assert response.status_code == 400
    assert "guardian_or_decision" in response.json()["errors"]
