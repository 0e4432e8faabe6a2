"""Refused access is on the audit log (ASVS 7.2.2): who, which route, 403 or 404."""

from __future__ import annotations

from django.test import Client

from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD
from waypost.protection.models import AuditEntry


def refusals():
    return list(
        AuditEntry.objects.filter(action="waypost.access.refused")
        .order_by("id")
        .values_list("actor_username", "detail")
    )


def test_a_page_the_role_may_not_see_is_audited(client, caseworker):
    client.force_login(caseworker)

    assert client.get("/en/accounts/members/").status_code == 403

    assert refusals() == [("caseworker", {"status": 403, "view": "accounts:members"})]


def test_a_record_of_another_organisation_is_audited_as_not_found(client, admin, other_caseworker):
    client.force_login(admin)

    client.post(f"/en/accounts/members/{other_caseworker.pk}/active/", {"active": "0"})

    assert refusals() == [("admin", {"status": 404, "view": "accounts:set_active"})]


def test_api_refusals_are_audited(api_client_for, admin, caseworker):
    assert api_client_for(admin).get("/api/v1/missing-persons/").status_code == 403
    assert api_client_for(caseworker).get("/api/v1/missing-persons/999999/").status_code == 404

    [(who_403, refused), (who_404, hidden)] = refusals()
    assert (who_403, refused["status"]) == ("admin", 403)
    assert (who_404, hidden["status"]) == ("caseworker", 404)
    assert "missing-person" in refused["view"] and "missing-person" in hidden["view"]


def test_a_session_api_call_before_the_second_factor_is_audited(caseworker):
    session = Client()
    session.login(username=caseworker.username, password=PASSWORD)

    assert session.get("/api/v1/me/").status_code == 403

    [(who, refused)] = refusals()
    assert (who, refused["status"]) == ("caseworker", 403)


def test_anonymous_visitors_and_addresses_that_match_nothing_are_not_audited(
    client, make_user, organisation
):
    Client().get("/en/accounts/members/")
    client.force_login(make_user(organisation, Role.ANALYST))

    assert client.get("/en/no-such-page/").status_code == 404

    assert refusals() == []
