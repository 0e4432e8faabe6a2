from __future__ import annotations

import base64
import re

import pytest
from django.test import Client

from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD, totp_code


@pytest.fixture
def plain_client():
    return Client()


def enrol(client) -> str:
    page = client.get("/en/accounts/two-factor/").content.decode()
    secret = re.search(r'<code dir="ltr" class="secret">([A-Z2-7=]+)</code>', page).group(1)
    assert "<svg" in page  # the QR code, drawn on the server
    return secret


def test_a_caseworker_must_enrol_a_second_factor_before_seeing_anything(plain_client, caseworker):
    assert plain_client.login(username=caseworker.username, password=PASSWORD)

    response = plain_client.get("/en/tracing/missing/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/two-factor/?next=/en/tracing/missing/")

    secret = enrol(plain_client)
    done = plain_client.post(
        "/en/accounts/two-factor/?next=/en/tracing/missing/", {"code": totp_code(secret)}
    )
    assert done["Location"] == "/en/tracing/missing/"
    assert plain_client.get("/en/tracing/missing/").status_code == 200


def test_the_next_sign_in_asks_for_a_code_not_a_new_enrolment(plain_client, caseworker):
    plain_client.login(username=caseworker.username, password=PASSWORD)
    secret = enrol(plain_client)
    plain_client.post("/en/accounts/two-factor/", {"code": totp_code(secret)})
    plain_client.logout()

    plain_client.login(username=caseworker.username, password=PASSWORD)
    page = plain_client.get("/en/accounts/two-factor/").content.decode()

    assert "Enter your code" in page and "secret" not in page


def test_session_api_calls_wait_for_the_second_factor_but_tokens_do_not(
    plain_client, caseworker, api_client_for
):
    plain_client.login(username=caseworker.username, password=PASSWORD)

    assert plain_client.get("/api/v1/me/").status_code == 403
    assert api_client_for(caseworker).get("/api/v1/me/").status_code == 200


def test_an_analyst_who_sees_no_personal_data_needs_no_second_factor(
    plain_client, make_user, organisation
):
    analyst = make_user(organisation, Role.ANALYST)
    plain_client.login(username=analyst.username, password=PASSWORD)

    assert plain_client.get("/en/").status_code == 200


def test_repeated_wrong_passwords_lock_the_account_for_a_while(plain_client, caseworker):
    for _ in range(5):
        plain_client.post(
            "/en/accounts/login/", {"username": caseworker.username, "password": "wrong"}
        )

    response = plain_client.post(
        "/en/accounts/login/", {"username": caseworker.username, "password": PASSWORD}
    )

    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in plain_client.session


def test_the_secret_is_a_real_totp_key(plain_client, caseworker):
    plain_client.login(username=caseworker.username, password=PASSWORD)

    assert len(base64.b32decode(enrol(plain_client))) == 20


def test_a_wrong_code_is_refused(plain_client, caseworker):
    plain_client.login(username=caseworker.username, password=PASSWORD)
    enrol(plain_client)

    wrong = plain_client.post("/en/accounts/two-factor/", {"code": "000000"})

    assert "not valid" in wrong.content.decode()
    assert plain_client.get("/en/tracing/missing/").status_code == 302
