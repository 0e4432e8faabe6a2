"""An admin resets the second factor a member lost (ASVS 2.5.7, 2.8.6)."""

from __future__ import annotations

import pytest
from django.test import Client

from waypost.accounts.models import SealedTOTPDevice
from waypost.accounts.roles import Role
from waypost.accounts.tests.test_two_factor import enrol
from waypost.conftest import PASSWORD, VerifiedClient
from waypost.protection.models import AuditEntry


@pytest.fixture
def member(caseworker):
    caseworker.email = "amina@example.org"
    caseworker.preferred_language = "ar"
    caseworker.save()
    return caseworker


@pytest.fixture
def member_session(member):
    """The member signed in on their (lost) phone's browser, second factor passed."""
    session = VerifiedClient()
    assert session.login(username=member.username, password=PASSWORD)
    return session


def reset_url(user):
    return f"/en/accounts/members/{user.pk}/two-factor/reset/"


def test_the_members_page_shows_who_has_a_second_factor(
    client, admin, member_session, member, make_user, organisation
):
    analyst = make_user(organisation, Role.ANALYST)  # needs none, has none
    client.force_login(admin)

    page = client.get("/en/accounts/members/").content.decode()

    assert "Not set up" in page and "Set up" in page
    assert reset_url(member) in page
    assert reset_url(analyst) not in page and reset_url(admin) not in page


def test_an_admin_resets_a_lost_second_factor_after_checking_who_asks(
    client, admin, member, member_session, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    page = client.get(reset_url(member)).content.decode()
    assert "in person" in page

    unchecked = client.post(reset_url(member), {})
    assert unchecked.status_code == 200
    assert SealedTOTPDevice.objects.filter(user=member).exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reset_url(member), {"identity_checked": "on"})

    assert done.status_code == 302 and done["Location"] == "/en/accounts/members/"
    assert not SealedTOTPDevice.objects.filter(user=member).exists()
    entry = AuditEntry.objects.get(action="waypost.accounts.two_factor.removed")
    assert (entry.actor_id, entry.record_id) == (admin.pk, str(member.pk))
    assert entry.detail["sessions_ended"] == 1
    [message] = mailoutbox
    assert message.to == ["amina@example.org"]
    assert message.subject == "تمت إعادة تعيين العامل الثاني لحسابك في Waypost"
    # The lost phone's session is over, not just sent back to the second factor.
    signed_out = member_session.get("/en/tracing/missing/")
    assert signed_out["Location"].startswith("/en/accounts/login/")


def test_after_a_reset_the_member_sets_up_a_new_app_at_next_sign_in(
    client, admin, member, member_session
):
    client.force_login(admin)
    client.post(reset_url(member), {"identity_checked": "on"})
    fresh = Client()

    fresh.login(username=member.username, password=PASSWORD)

    assert fresh.get("/en/tracing/missing/")["Location"].startswith("/en/accounts/two-factor/")
    assert enrol(fresh)  # a new secret, shown once
    assert not SealedTOTPDevice.objects.filter(user=member, confirmed=True).exists()


def test_an_admin_of_another_organisation_cannot_reset_it(
    client, make_user, other_organisation, member, member_session
):
    client.force_login(make_user(other_organisation, Role.ADMIN))

    assert client.post(reset_url(member), {"identity_checked": "on"}).status_code == 404
    assert SealedTOTPDevice.objects.filter(user=member).exists()


def test_a_caseworker_cannot_reset_a_colleagues_second_factor(
    client, make_user, organisation, member, member_session
):
    client.force_login(make_user(organisation, Role.CASEWORKER))

    assert client.post(reset_url(member), {"identity_checked": "on"}).status_code == 403
    assert SealedTOTPDevice.objects.filter(user=member).exists()


def test_an_admin_cannot_reset_their_own_second_factor(client, admin):
    client.force_login(admin)

    response = client.post(reset_url(admin), {"identity_checked": "on"}, follow=True)

    assert "ask another admin" in response.content.decode()
    assert SealedTOTPDevice.objects.filter(user=admin).exists()
    assert not AuditEntry.objects.filter(action="waypost.accounts.two_factor.removed").exists()
