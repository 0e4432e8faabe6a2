"""The sign-in lockout holds one lock per account, however the username is spelt.

Sign-in normalises the username (NFKC, as Django's sign-in form does) before looking the
account up, so the full-width ``ｃａｓｅｗｏｒｋｅｒ`` signs in as ``caseworker``: the lock
must be the same one, or every look-alike spelling gets five fresh guesses.
"""

from __future__ import annotations

import unicodedata

import pytest
from django.test import Client

from waypost.conftest import PASSWORD
from waypost.protection.models import AuditEntry

WRONG_PASSWORD = "olive-grove-wrong-guess"
LOCKED = "Too many failed attempts"


def full_width(text: str) -> str:
    return "".join(chr(ord(c) - 0x21 + 0xFF01) if "!" <= c <= "~" else c for c in text)


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post("/en/accounts/login/", {"username": username, "password": password})


def test_the_full_width_spelling_signs_in_as_the_same_account(caseworker):
    # The premise of the lock below: both spellings are the same account to Django.
    spelling = full_width(caseworker.username)
    assert spelling != caseworker.username
    assert unicodedata.normalize("NFKC", spelling) == caseworker.username

    client = Client()
    assert sign_in(client, spelling).status_code == 302
    assert client.session["_auth_user_id"] == str(caseworker.pk)


def test_it_refuses_a_look_alike_spelling_of_a_locked_account(caseworker):
    client = Client()
    for _ in range(5):
        sign_in(client, caseworker.username, WRONG_PASSWORD)

    response = sign_in(client, full_width(caseworker.username))

    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "spellings",
    [
        pytest.param(lambda name: [full_width(name)] * 5, id="full-width"),
        pytest.param(
            lambda name: [name, full_width(name), f" {name} ", full_width(name), name],
            id="mixed",
        ),
    ],
)
def test_guesses_under_every_spelling_count_towards_one_lock(caseworker, spellings):
    client = Client()
    for spelling in spellings(caseworker.username):
        sign_in(client, spelling, WRONG_PASSWORD)

    response = sign_in(client, caseworker.username)

    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_reached_through_a_look_alike_spelling_names_the_account(caseworker):
    client = Client()
    spelling = full_width(caseworker.username)
    for _ in range(5):
        sign_in(client, spelling, WRONG_PASSWORD)
    sign_in(client, spelling)

    for action in (
        "waypost.accounts.sign_in.failed",
        "waypost.accounts.sign_in.locked",
        "waypost.accounts.sign_in.refused_locked",
    ):
        entries = AuditEntry.objects.filter(action=action)
        assert entries.exists(), action
        for entry in entries:
            assert (entry.record_type, entry.record_id) == ("accounts.user", str(caseworker.pk))
            assert entry.detail == {
                "username": caseworker.username,
                "organisation_id": caseworker.organisation_id,
            }
    assert spelling not in repr(list(AuditEntry.objects.values()))


def test_locking_one_account_leaves_an_account_differing_only_in_case_open(make_user, organisation):
    lower = make_user(organisation, "caseworker", username="amina")
    make_user(organisation, "caseworker", username="Amina")
    client = Client()
    for _ in range(5):
        sign_in(client, "Amina", WRONG_PASSWORD)

    assert sign_in(client, lower.username).status_code == 302


def test_an_unknown_username_locks_like_an_account_so_the_lock_tells_nothing(db):
    client = Client()
    for _ in range(5):
        sign_in(client, "nobody-here", WRONG_PASSWORD)

    assert LOCKED in sign_in(client, full_width("nobody-here")).content.decode()
