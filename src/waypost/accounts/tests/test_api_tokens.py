from __future__ import annotations

from rest_framework.test import APIClient

from waypost.accounts import services


def test_me_returns_username_organisation_and_role(api_client_for, caseworker):
    response = api_client_for(caseworker).get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json() == {
        "username": "caseworker",
        "organisation": {
            "slug": caseworker.organisation.slug,
            "name": "Sahel Family Links",
            "kind": "ngo",
            "country": "NER",
        },
        "role": "caseworker",
    }


def test_a_revoked_token_gets_401(caseworker):
    token = services.token_create(user=caseworker)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/me/").status_code == 200

    assert services.token_revoke(raw=token) is True

    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


def test_an_unknown_token_gets_401_as_problem_details(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer wp_not-a-real-token")

    response = client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["title"] == "Unauthorized"


def test_tokens_are_stored_only_as_hashes(caseworker):
    token = services.token_create(user=caseworker)

    stored = caseworker.api_tokens.get()
    assert token not in (stored.key_hash, stored.prefix)
    assert len(stored.key_hash) == 64


def test_deactivating_a_member_revokes_their_tokens(admin, caseworker):
    token = services.token_create(user=caseworker)

    services.member_set_active(actor=admin, member=caseworker, active=False)

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/me/").status_code == 401
