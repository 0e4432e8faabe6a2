"""The operator manages the installation's organisations in pages, as `waypost orgs` does."""

from __future__ import annotations

import pytest

from waypost.accounts.models import Organisation
from waypost.accounts.roles import OrganisationKind, Role
from waypost.protection.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(make_user, organisation):
    return make_user(organisation, Role.OPERATOR, username="operator")


def _as(client, user):
    client.force_login(user)
    return client


def test_the_operator_finds_organisations_in_the_navigation(client, operator, other_organisation):
    home = _as(client, operator).get("/en/").content.decode()
    listing = client.get("/en/accounts/organisations/").content.decode()

    assert 'href="/en/accounts/organisations/"' in home
    assert "Red Sea Tracing Desk" in listing and "Sahel Family Links" in listing


def test_the_operator_creates_an_organisation_and_it_is_audited(client, operator):
    response = _as(client, operator).post(
        "/en/accounts/organisations/new/",
        {"name": "Libyan Red Crescent", "kind": "ngo", "country": "lby", "languages": "ar, en"},
        follow=True,
    )

    created = Organisation.objects.get(name="Libyan Red Crescent")
    assert (created.kind, created.country, created.languages) == ("ngo", "LBY", ["ar", "en"])
    assert "libyan-red-crescent" in response.content.decode()
    entry = AuditEntry.objects.get(
        action="waypost.accounts.organisation.created", record_id=str(created.pk)
    )
    assert entry.actor_username == "operator"


def test_a_bad_country_or_language_is_a_form_error(client, operator):
    response = _as(client, operator).post(
        "/en/accounts/organisations/new/",
        {"name": "Somewhere", "kind": "ngo", "country": "XXX", "languages": "en, klingon"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "ISO 3166-1 alpha-3" in html and "klingon" in html
    assert not Organisation.objects.filter(name="Somewhere").exists()


def test_the_operator_corrects_an_organisation_and_the_change_is_audited(
    client, operator, other_organisation
):
    url = f"/en/accounts/organisations/{other_organisation.slug}/"
    form = _as(client, operator).get(url).content.decode()
    assert 'value="Red Sea Tracing Desk"' in form and 'value="SDN"' in form

    client.post(
        url,
        {
            "name": "Red Sea Tracing Desk (Port Sudan)",
            "kind": "ngo",
            "country": "SDN",
            "languages": "ar",
            "is_active": "on",
        },
    )

    other_organisation.refresh_from_db()
    assert other_organisation.name == "Red Sea Tracing Desk (Port Sudan)"
    assert other_organisation.languages == ["ar"]
    entry = AuditEntry.objects.get(action="waypost.accounts.organisation.updated")
    assert entry.fields == ["name", "languages"]
    assert entry.detail["old"]["name"] == "Red Sea Tracing Desk"


def test_an_organisation_cannot_cross_the_firewall(client, operator, other_organisation):
    response = _as(client, operator).post(
        f"/en/accounts/organisations/{other_organisation.slug}/",
        {"name": other_organisation.name, "kind": "law-enforcement", "country": "SDN"},
    )

    other_organisation.refresh_from_db()
    assert other_organisation.kind == OrganisationKind.NGO
    assert "cannot move across the firewall" in response.content.decode()


def test_the_operator_cannot_deactivate_their_own_organisation(client, operator, organisation):
    response = _as(client, operator).post(
        f"/en/accounts/organisations/{organisation.slug}/",
        {"name": organisation.name, "kind": "ngo", "country": "NER"},
    )

    organisation.refresh_from_db()
    assert organisation.is_active
    assert "your own organisation" in response.content.decode()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.CASEWORKER, Role.AUDITOR])
def test_other_roles_neither_see_nor_open_the_organisation_pages(
    client, make_user, organisation, other_organisation, role
):
    user = make_user(organisation, role)

    home = _as(client, user).get("/en/").content.decode()

    assert "/en/accounts/organisations/" not in home
    assert client.get("/en/accounts/organisations/").status_code == 403
    assert client.get("/en/accounts/organisations/new/").status_code == 403
    assert (
        client.post(
            f"/en/accounts/organisations/{other_organisation.slug}/",
            {"name": "Taken over", "kind": "ngo", "country": "SDN", "is_active": "on"},
        ).status_code
        == 403
    )
    other_organisation.refresh_from_db()
    assert other_organisation.name == "Red Sea Tracing Desk"


def test_an_operator_of_a_law_enforcement_body_cannot_manage_organisations(
    client, make_user, enforcement_organisation, other_organisation
):
    police_operator = make_user(enforcement_organisation, Role.OPERATOR)

    home = _as(client, police_operator).get("/en/").content.decode()

    assert "/en/accounts/organisations/" not in home
    assert client.get("/en/accounts/organisations/").status_code == 403
    assert "Red Sea Tracing Desk" not in client.get("/en/accounts/organisations/").content.decode()
