"""Transfers of a case to another organisation: consent, firewall, re-sealing, audit on both
sides, and who sees what."""

from __future__ import annotations

import pytest

from waypost.accounts.roles import OrganisationKind, Role
from waypost.protection.fields import SealBroken, key_id_of, unseal
from waypost.protection.keys import data_key_of
from waypost.protection.selectors import audit_entries
from waypost.screening import selectors, services
from waypost.screening.models import (
    AgeAssessment,
    BestInterestsAssessment,
    ChildCase,
    Person,
    Referral,
    Screening,
    Transfer,
    TransferStatus,
)
from waypost.screening.tests.conftest import consent

pytestmark = pytest.mark.django_db

NAME = "Amal Youssef"


def _child(caseworker, **extra):
    return services.screening_create(
        actor=caseworker,
        person={"name": NAME, "sex": "F", "age": 14, "nationality": "SDN", **extra},
        travelling="alone",
        place="Lampedusa",
        concerns=["trafficking"],
        notes="Arrived by boat with her cousin's phone number.",
    )


def _ask(api, screening, organisation, **extra):
    body = {
        "screening": screening.pk,
        "organisation": organisation.slug,
        "consent": consent(),
        "note": "The child moves to the shelter in Agrigento.",
        **extra,
    }
    return api.post("/api/v1/transfers/", body, format="json")


def _owner_of(ciphertext: bytes) -> int:
    return data_key_of(key_id_of(ciphertext))[0]


def test_an_accepted_transfer_moves_the_whole_case_sealed_again_for_the_receiver(
    caseworker, other_caseworker, make_user, api_client_for
):
    screening = _child(caseworker)
    person = screening.person
    services.age_assessment_save(
        actor=caseworker, person=person, methods=["interview"], documents=["school card"]
    )
    services.bia_submit(
        actor=caseworker, person=person, content={"wishes": "To study and find her aunt."}
    )
    sender, receiver = api_client_for(caseworker), api_client_for(other_caseworker)
    old_name = bytes(Person.objects.get(pk=person.pk).name_sealed)

    asked = _ask(sender, screening, other_caseworker.organisation)
    assert asked.status_code == 201, asked.content
    transfer_id = asked.json()["id"]

    # Before accepting, the receiver sees the envelope: no name, no record.
    envelope = receiver.get(f"/api/v1/transfers/{transfer_id}/").json()
    assert envelope["status"] == "pending" and envelope["is_child"] is True
    assert "person" not in envelope and "consent" not in envelope
    assert NAME not in str(envelope)
    assert receiver.get(f"/api/v1/screenings/{screening.pk}/").status_code == 404

    accepted = receiver.post(f"/api/v1/transfers/{transfer_id}/accept/", {}, format="json")
    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert body["status"] == "accepted" and body["person"] == person.pk
    assert body["moved"] == {
        "screening.person": 1,
        "screening.screening": 1,
        "screening.ageassessment": 1,
        "screening.childcase": 1,
        "screening.bestinterestsassessment": 1,
    }

    # Every row is the receiver's, every value sealed again under its key.
    receiver_id = other_caseworker.organisation_id
    moved = Person.objects.get(pk=person.pk)
    assert moved.organisation_id == receiver_id
    assert _owner_of(moved.name_sealed) == receiver_id and moved.name == NAME
    row = Screening.objects.get(pk=screening.pk)
    assert _owner_of(row.notes_sealed) == receiver_id and row.organisation_id == receiver_id
    assert AgeAssessment.objects.get(person=person).documents == ["school card"]
    assert ChildCase.objects.get(person=person).organisation_id == receiver_id
    assert BestInterestsAssessment.objects.get(person=person).organisation_id == receiver_id
    # The old ciphertext does not open in the moved row.
    place = Person.name.place(moved)
    with pytest.raises(SealBroken):
        unseal(place, old_name)

    # The receiver now reads the case; the sender no longer does.
    read = receiver.get(f"/api/v1/screenings/{screening.pk}/").json()
    assert NAME in str(read)
    assert sender.get(f"/api/v1/screenings/{screening.pk}/").status_code == 404
    # The sender keeps the envelope of what it handed over, without the person.
    kept = sender.get(f"/api/v1/transfers/{transfer_id}/").json()
    assert kept["status"] == "accepted" and "person" not in kept and NAME not in str(kept)

    # Audited on both sides: each organisation's log has the request and the acceptance.
    for user in (caseworker, other_caseworker):
        auditor = make_user(user.organisation, Role.ADMIN)
        actions = set(
            audit_entries(user=auditor, action="waypost.screening.transfer").values_list(
                "action", flat=True
            )
        )
        assert {
            "waypost.screening.transfer.requested",
            "waypost.screening.transfer.accepted",
        } <= actions, user


def test_a_transfer_needs_consent_or_a_supervisors_reason(
    caseworker, supervisor, other_organisation, api_client_for
):
    screening = _child(caseworker)
    refused = _ask(api_client_for(caseworker), screening, other_organisation, consent=None)
    assert refused.status_code == 400 and refused.json()["code"] == "consent"
    no_purpose = _ask(
        api_client_for(caseworker),
        screening,
        other_organisation,
        consent=consent(purposes=["statistics"]),
    )
    assert no_purpose.status_code == 400 and no_purpose.json()["code"] == "consent"
    assert not Transfer.objects.exists()

    # Only a supervisor overrides, with a reason (through the service, as for referrals).
    with pytest.raises(services.ApplicationError):
        services.transfer_request(
            actor=caseworker,
            person=screening.person,
            recipient=other_organisation,
            override_reason="No guardian can be reached tonight.",
        )
    transfer = services.transfer_request(
        actor=supervisor,
        person=screening.person,
        recipient=other_organisation,
        override_reason="The child is in danger here; no guardian can be reached tonight.",
    )
    assert transfer.consent_id is None
    assert audit_entries(
        user=supervisor, action="waypost.screening.transfer.consent_overridden"
    ).exists()


@pytest.mark.parametrize(
    "kind", [OrganisationKind.LAW_ENFORCEMENT, OrganisationKind.BORDER_AUTHORITY]
)
def test_the_firewall_never_transfers_a_case_to_law_enforcement_or_border_authorities(
    kind, caseworker, make_organisation, make_user, api_client_for
):
    enforcement = make_organisation(kind=kind, name="Frontier")
    adult = services.screening_create(
        actor=caseworker,
        person={"name": "Idris Adam", "age": 34, "nationality": "SDN"},
        travelling="family",
        place="Lampedusa",
        concerns=[],
    )
    for screening in (_child(caseworker), adult):
        refused = _ask(api_client_for(caseworker), screening, enforcement)
        assert refused.status_code == 400 and refused.json()["code"] == "firewall"
    assert not Transfer.objects.exists()
    # The receiving organisation's kind is checked again when it accepts.
    ngo = make_organisation(name="Shelter that became a border post")
    transfer = services.transfer_request(
        actor=caseworker, person=adult.person, recipient=ngo, consent=consent()
    )
    ngo.kind = kind
    ngo.save()
    with pytest.raises(services.FirewallError):
        services.transfer_step(
            actor=make_user(ngo, Role.CASEWORKER), transfer=transfer, step="accept"
        )
    assert Person.objects.get(pk=adult.person_id).organisation_id == caseworker.organisation_id


def test_only_the_parties_see_a_transfer_and_each_does_only_its_own_steps(
    caseworker, other_caseworker, make_organisation, make_user, enforcement_user, api_client_for
):
    screening = _child(caseworker)
    transfer_id = _ask(api_client_for(caseworker), screening, other_caseworker.organisation).json()[
        "id"
    ]
    outsider = make_user(make_organisation(name="Third NGO"), Role.CASEWORKER)
    for stranger in (outsider, enforcement_user):
        api = api_client_for(stranger)
        assert api.get(f"/api/v1/transfers/{transfer_id}/").status_code == 404
        assert api.get("/api/v1/transfers/").json()["results"] == []
        assert api.post(f"/api/v1/transfers/{transfer_id}/accept/").status_code == 404

    # The sender cannot accept, the receiver cannot cancel.
    assert (
        api_client_for(caseworker).post(f"/api/v1/transfers/{transfer_id}/accept/").status_code
        == 403
    )
    assert (
        api_client_for(other_caseworker)
        .post(f"/api/v1/transfers/{transfer_id}/cancel/")
        .status_code
        == 403
    )
    # A rejection needs its reason, and moves nothing.
    receiver = api_client_for(other_caseworker)
    assert receiver.post(f"/api/v1/transfers/{transfer_id}/reject/").status_code == 400
    rejected = receiver.post(
        f"/api/v1/transfers/{transfer_id}/reject/", {"reason": "No place left."}, format="json"
    )
    assert rejected.json()["status"] == "rejected" and rejected.json()["reason"] == "No place left."
    assert Person.objects.get(pk=screening.person_id).organisation_id == caseworker.organisation_id
    listed = api_client_for(caseworker).get("/api/v1/transfers/?box=out").json()["results"]
    assert [t["id"] for t in listed] == [transfer_id] and listed[0]["person"] == screening.person_id


def test_open_referrals_are_closed_before_a_transfer(
    caseworker, other_caseworker, child_protection_worker
):
    screening = _child(caseworker)
    service = services.service_create(
        actor=child_protection_worker,
        names={"en": "Child protection desk"},
        type="child_protection",
        status="published",
    )
    referral = services.referral_create(
        actor=caseworker,
        screening=screening,
        service=service,
        priority="urgent",
        shared_fields=["name"],
        consent=consent(),
    )
    with pytest.raises(services.ApplicationError) as refused:
        services.transfer_request(
            actor=caseworker,
            person=screening.person,
            recipient=other_caseworker.organisation,
            consent=consent(),
        )
    assert refused.value.extra["code"] == "open_referrals"
    services.referral_step(actor=caseworker, referral=referral, step="revoke")
    transfer = services.transfer_request(
        actor=caseworker,
        person=screening.person,
        recipient=other_caseworker.organisation,
        consent=consent(),
    )
    services.transfer_step(actor=other_caseworker, transfer=transfer, step="accept")
    # The closed referral moved with the case: its sender is now the receiver.
    assert Referral.objects.get(pk=referral.pk).organisation_id == other_caseworker.organisation_id
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.ACCEPTED


def test_a_caseworker_transfers_a_case_through_the_pages(client, caseworker, other_caseworker):
    screening = _child(caseworker)
    client.force_login(caseworker)
    page = client.get(f"/en/screening/{screening.pk}/")
    assert f"/en/screening/{screening.pk}/transfer/" in page.content.decode()
    sent = client.post(
        f"/en/screening/{screening.pk}/transfer/",
        {
            "organisation": other_caseworker.organisation.slug,
            "given_by": "Guardian Hassan Idris",
            "note": "Moves to Agrigento.",
        },
    )
    transfer = Transfer.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/en/screening/transfers/{transfer.pk}/"

    client.force_login(other_caseworker)
    inbox = client.get("/en/screening/transfers/?box=in").content.decode()
    assert f"/en/screening/transfers/{transfer.pk}/" in inbox and NAME not in inbox
    detail = client.get(f"/en/screening/transfers/{transfer.pk}/").content.decode()
    assert "Moves to Agrigento." in detail and NAME not in detail
    assert f"/en/screening/transfers/{transfer.pk}/accept/" in detail
    client.post(f"/en/screening/transfers/{transfer.pk}/accept/")
    after = client.get(f"/en/screening/transfers/{transfer.pk}/").content.decode()
    assert f"/en/screening/{screening.pk}/" in after
    assert NAME in client.get(f"/en/screening/{screening.pk}/").content.decode()

    client.force_login(caseworker)
    assert client.get(f"/en/screening/{screening.pk}/").status_code == 404
    assert selectors.transfers_for(user=caseworker, box="out").count() == 1


def test_a_value_that_does_not_open_stops_the_transfer_with_nothing_moved(
    caseworker, other_caseworker
):
    screening = _child(caseworker)
    other = services.screening_create(
        actor=caseworker,
        person={"name": "Someone else", "age": 40},
        travelling="family",
        place="Lampedusa",
        concerns=[],
    )
    # A value copied from another row is bound to that row: it does not open here.
    Screening.objects.filter(pk=screening.pk).update(
        place_sealed=Screening.objects.get(pk=other.pk).place_sealed
    )
    transfer = services.transfer_request(
        actor=caseworker,
        person=screening.person,
        recipient=other_caseworker.organisation,
        consent=consent(),
    )
    with pytest.raises(SealBroken):
        services.transfer_step(actor=other_caseworker, transfer=transfer, step="accept")
    assert Person.objects.get(pk=screening.person_id).organisation_id == caseworker.organisation_id
    assert Screening.objects.get(pk=screening.pk).organisation_id == caseworker.organisation_id
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.PENDING
