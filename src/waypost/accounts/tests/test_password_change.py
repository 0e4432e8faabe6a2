from __future__ import annotations

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from waypost.conftest import PASSWORD, VerifiedClient
from waypost.protection.models import AuditEntry

NEW_PASSWORD = "a-new-passphrase-for-waypost"


class UnreachableMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def change(client, old=PASSWORD, new=NEW_PASSWORD, language="en"):
    return client.post(
        f"/{language}/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_a_signed_in_user_changes_their_password_with_the_current_one(client, caseworker):
    login(client, caseworker)
    page = client.get("/en/accounts/password/")
    assert page.status_code == 200
    assert 'name="old_password"' in page.content.decode()

    response = change(client)

    assert response.status_code == 302
    assert response["Location"] == "/en/"
    caseworker.refresh_from_db()
    assert caseworker.check_password(NEW_PASSWORD)
    assert "Your password was changed" in client.get("/en/").content.decode()


def test_a_wrong_current_password_changes_nothing(client, caseworker):
    login(client, caseworker)

    response = change(client, old="not-my-password-at-all")

    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)


def test_wrong_current_passwords_count_towards_the_sign_in_lockout(client, caseworker):
    login(client, caseworker)
    for _ in range(5):
        change(client, old="not-my-password-at-all")

    response = change(client)

    assert "Too many failed attempts" in response.content.decode()
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)
    locked_out = VerifiedClient().post(
        "/en/accounts/login/", {"username": caseworker.username, "password": PASSWORD}
    )
    assert "Too many failed attempts" in locked_out.content.decode()


def test_the_new_password_needs_at_least_12_characters(client, caseworker):
    login(client, caseworker)

    response = change(client, new="olive-tree1")  # 11 characters

    assert response.status_code == 200
    assert "at least 12 characters" in str(response.context["form"].errors["new_password2"])
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)


def test_changing_the_password_signs_out_the_other_sessions_only(client, caseworker):
    other_device = VerifiedClient()
    login(other_device, caseworker)
    login(client, caseworker)

    change(client)

    assert client.get("/en/accounts/password/").status_code == 200
    signed_out = other_device.get("/en/accounts/password/")
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith("/en/accounts/login/")


def test_the_change_is_audited_and_the_user_told_by_email_in_their_language(
    client, caseworker, mailoutbox, django_capture_on_commit_callbacks
):
    caseworker.email = "amina@example.org"
    caseworker.preferred_language = "fr"
    caseworker.save()
    login(client, caseworker)

    with django_capture_on_commit_callbacks(execute=True):
        change(client)

    entry = AuditEntry.objects.get(action="waypost.accounts.password.changed")
    assert entry.actor_id == caseworker.pk and entry.record_id == str(caseworker.pk)
    [message] = mailoutbox
    assert message.to == ["amina@example.org"]
    assert message.subject == "Votre mot de passe Waypost a été modifié"
    assert caseworker.username in message.body
    assert NEW_PASSWORD not in message.body and PASSWORD not in message.body


def test_without_a_preferred_language_the_email_is_in_the_language_in_use(
    client, caseworker, mailoutbox, django_capture_on_commit_callbacks
):
    caseworker.email = "amina@example.org"
    caseworker.save()
    login(client, caseworker)

    with django_capture_on_commit_callbacks(execute=True):
        change(client, language="ar")

    [message] = mailoutbox
    assert message.subject == "تم تغيير كلمة مرور حسابك في Waypost"


def test_no_email_is_sent_to_a_user_without_an_address(
    client, caseworker, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, caseworker)

    with django_capture_on_commit_callbacks(execute=True):
        change(client)

    assert mailoutbox == []
    assert AuditEntry.objects.filter(action="waypost.accounts.password.changed").exists()


def test_a_mail_server_that_is_down_does_not_undo_the_change(
    client, caseworker, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableMailServer"
    caseworker.email = "amina@example.org"
    caseworker.save()
    login(client, caseworker)

    with django_capture_on_commit_callbacks(execute=True):
        response = change(client)

    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.check_password(NEW_PASSWORD)
    assert "amina@example.org" not in caplog.text
    assert "Could not send a security notification" in caplog.text


def test_the_home_page_links_to_the_password_change(client, make_user, organisation):
    analyst = make_user(organisation, "analyst")
    login(client, analyst)

    assert 'href="/en/accounts/password/"' in client.get("/en/").content.decode()


def test_the_password_change_needs_a_signed_in_user(client, db):
    response = client.get("/en/accounts/password/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_signing_out_asks_the_browser_to_clear_its_copies(client, caseworker):
    login(client, caseworker)

    response = client.post("/en/accounts/logout/")

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get("/en/accounts/password/").status_code == 302


@pytest.mark.parametrize("path", ["/en/accounts/login/", "/en/accounts/password/"])
def test_password_pages_offer_to_show_the_typed_password(client, caseworker, path):
    if path == "/en/accounts/password/":
        login(client, caseworker)

    page = client.get(path).content.decode()

    assert '/static/waypost/password-toggle.js" data-label="Show password"' in page
