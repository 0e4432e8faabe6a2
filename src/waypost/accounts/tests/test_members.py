from __future__ import annotations

from waypost.accounts.models import User
from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_an_admin_invites_a_member_who_sets_a_password(client, admin):
    login(client, admin)

    response = client.post(
        "/en/accounts/members/invite/",
        {"username": "yasmin", "email": "yasmin@example.org", "role": Role.REVIEWER},
    )

    assert response.status_code == 200
    invitation_url = response.context["invitation_url"]
    member = User.objects.get(username="yasmin")
    assert member.organisation == admin.organisation
    assert member.role == Role.REVIEWER
    assert not member.has_usable_password()

    client.logout()
    path = invitation_url.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url,
        {"new_password1": "olive-tree-by-the-sea", "new_password2": "olive-tree-by-the-sea"},
    )
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password("olive-tree-by-the-sea")


def test_an_admin_changes_a_role_and_deactivates_a_member(client, admin, caseworker):
    login(client, admin)

    client.post(f"/en/accounts/members/{caseworker.pk}/role/", {"role": Role.ANALYST})
    client.post(f"/en/accounts/members/{caseworker.pk}/active/", {"active": "0"})

    caseworker.refresh_from_db()
    assert caseworker.role == Role.ANALYST
    assert caseworker.is_active is False


def test_members_of_another_organisation_are_not_found(client, admin, other_caseworker):
    login(client, admin)

    response = client.post(f"/en/accounts/members/{other_caseworker.pk}/active/", {"active": "0"})

    assert response.status_code == 404
    other_caseworker.refresh_from_db()
    assert other_caseworker.is_active is True


def test_a_caseworker_cannot_manage_members(client, caseworker):
    login(client, caseworker)

    assert client.get("/en/accounts/members/").status_code == 403


def test_an_admin_cannot_lock_themselves_out(client, admin):
    login(client, admin)

    client.post(f"/en/accounts/members/{admin.pk}/role/", {"role": Role.ANALYST})

    admin.refresh_from_db()
    assert admin.role == Role.ADMIN


def test_the_home_dashboard_shows_cards_for_the_role(client, admin, caseworker):
    login(client, admin)
    assert "/en/accounts/members/" in client.get("/en/").content.decode()

    client.logout()
    login(client, caseworker)
    assert "/en/accounts/members/" not in client.get("/en/").content.decode()
