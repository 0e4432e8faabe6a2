"""Who sees a detention: its organisation; a consulate only its nationals who asked, and
only identity, place and dates; never law enforcement; the person's own file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from waypost.accounts.roles import OrganisationKind, Role
from waypost.core.exceptions import NotFound
from waypost.detention import selectors, services
from waypost.protection import services as protection
from waypost.protection.models import AuditEntry, DataCategory

ILL_TREATMENT = "MARKER-ILLTREATMENT-4471"


@pytest.fixture
def consulate_user(make_organisation, make_user):
    consulate = make_organisation(
        kind=OrganisationKind.CONSULATE, country="CHN", name="Consulate General of China"
    )
    return make_user(consulate, Role.CASEWORKER)


def _held(monitor, facility, nationality="CHN", **extra):
    return services.detention_create(
        actor=monitor,
        person={"name": f"Person {nationality}", "age": 40, "nationality": nationality},
        facility=facility,
        arrested_at=timezone.now() - timedelta(days=1),
        ill_treatment=ILL_TREATMENT,
        **extra,
    )


def _event(monitor, detention, kind, hours=1):
    return services.event_record(
        actor=monitor,
        detention=detention,
        kind=kind,
        at=detention.arrested_at + timedelta(hours=hours),
    )


def test_a_consulate_sees_only_its_nationals_who_asked(monitor, consulate_user, facility):
    asked = _held(monitor, facility)
    _event(monitor, asked, "requested")
    silent = _held(monitor, facility)
    declined = _held(monitor, facility)
    _event(monitor, declined, "declined")
    changed_mind = _held(monitor, facility)
    _event(monitor, changed_mind, "requested", 1)
    _event(monitor, changed_mind, "opposed", 2)
    other_nation = _held(monitor, facility, nationality="NGA")
    _event(monitor, other_nation, "requested")

    seen = set(selectors.detentions_visible_to(user=consulate_user).values_list("pk", flat=True))

    assert seen == {asked.pk}
    for hidden in (silent, declined, changed_mind, other_nation):
        with pytest.raises(NotFound):
            selectors.detention_get(user=consulate_user, pk=hidden.pk)


def test_a_consulate_never_sees_an_asylum_seeker_without_express_consent(
    monitor, legal_officer, consulate_user, facility
):
    detention = _held(monitor, facility, asylum_seeker=True)
    _event(monitor, detention, "requested")

    assert not selectors.detentions_visible_to(user=consulate_user).exists()
    services.event_record(
        actor=legal_officer,
        detention=detention,
        kind="consent",
        at=detention.arrested_at + timedelta(hours=2),
    )
    assert selectors.detentions_visible_to(user=consulate_user).count() == 1


def test_a_consulate_reads_identity_place_and_dates_only(
    api_client_for, monitor, consulate_user, facility
):
    detention = _held(monitor, facility, asylum_seeker=False)
    _event(monitor, detention, "requested")
    client = api_client_for(consulate_user)

    body = client.get(f"/api/v1/detentions/{detention.pk}/").json()
    listed = client.get("/api/v1/detentions/").json()["results"]
    refused = client.post(
        f"/api/v1/detentions/{detention.pk}/consular-events/",
        {"kind": "acknowledged", "at": timezone.now().isoformat()},
        format="json",
    )

    assert body["person"]["name"] == "Person CHN"
    assert ILL_TREATMENT not in str(body) and ILL_TREATMENT not in str(listed)
    for hidden in ("ill_treatment", "asylum_seeker", "legal_basis", "family", "injuries"):
        assert hidden not in body
    assert refused.status_code == 404
    assert AuditEntry.objects.filter(
        action="waypost.detention.detention.read", record_id=str(detention.pk)
    ).exists()


def test_another_organisation_and_law_enforcement_see_nothing(
    client, monitor, monitor_org, other_caseworker, enforcement_user, facility
):
    detention = _held(monitor, facility)
    _event(monitor, detention, "requested")
    # Even an agreement naming every category does not pass the firewall, and detention
    # records are never shared through agreements.
    protection.agreement_grant(
        provider=monitor_org,
        recipient=enforcement_user.organisation,
        purpose="protection_referral",
        categories=list(DataCategory.values),
    )

    for outsider in (other_caseworker, enforcement_user):
        assert not selectors.detentions_visible_to(user=outsider).exists()
        client.force_login(outsider)
        for path in (
            "/en/detention/",
            f"/en/detention/{detention.pk}/",
            f"/en/detention/{detention.pk}/own-file/",
            "/en/detention/overdue/",
            "/en/detention/children/",
        ):
            assert ILL_TREATMENT not in client.get(path).content.decode()


def test_a_law_enforcement_user_never_sees_findings_linked_to_individuals(
    api_client_for, monitor, monitor_org, enforcement_user, facility
):
    detention = _held(monitor, facility)
    visit = services.visit_create(
        actor=monitor,
        facility=facility,
        visited_on=timezone.localdate(),
        access="granted",
        findings=[
            {
                "aspect": "ill_treatment",
                "severity": "critical",
                "text": ILL_TREATMENT,
                "detention": detention.pk,
                "consent": True,
            }
        ],
    )
    protection.agreement_grant(
        provider=monitor_org,
        recipient=enforcement_user.organisation,
        purpose="protection_referral",
        categories=list(DataCategory.values),
    )
    client = api_client_for(enforcement_user)

    assert ILL_TREATMENT not in client.get("/api/v1/detention-visits/").content.decode()
    assert client.get(f"/api/v1/detention-visits/{visit.pk}/").status_code == 404
    own = api_client_for(monitor).get(f"/api/v1/detention-visits/{visit.pk}/").json()
    assert own["findings"][0]["detention"] == detention.pk


def test_a_finding_is_linked_to_a_person_only_with_consent(monitor, facility):
    from waypost.core.exceptions import ApplicationError

    detention = _held(monitor, facility)

    with pytest.raises(ApplicationError) as refused:
        services.visit_create(
            actor=monitor,
            facility=facility,
            visited_on=timezone.localdate(),
            access="refused",
            findings=[
                {"aspect": "health", "severity": "high", "text": "x", "detention": detention.pk}
            ],
        )
    assert refused.value.extra["code"] == "consent"


def test_the_person_gets_their_own_file_and_the_giving_is_audited(client, monitor, facility):
    detention = _held(monitor, facility)
    client.force_login(monitor)

    page = client.get(f"/en/detention/{detention.pk}/own-file/")

    assert page.status_code == 200
    assert ILL_TREATMENT in page.content.decode()
    assert AuditEntry.objects.filter(action="waypost.detention.own_file.given").exists()


def test_pages_show_the_record_to_its_organisation(client, monitor, facility):
    detention = _held(monitor, facility)
    client.force_login(monitor)

    detail = client.get(f"/en/detention/{detention.pk}/").content.decode()
    facilities = client.get("/en/detention/facilities/").content.decode()

    assert ILL_TREATMENT in detail
    assert "Missing from the register:" in detail
    assert facility.name in facilities
