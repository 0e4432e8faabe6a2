"""Refused API tokens are audited, but a flood of them cannot grow the audit log without
limit: refusals are counted per source (a known token, or "unknown") in a window, and only
the first and each tenfold count are written."""

from __future__ import annotations

import pytest
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from waypost.accounts import services
from waypost.accounts.authentication import BearerTokenAuthentication
from waypost.accounts.models import ApiToken
from waypost.protection.audit import verify
from waypost.protection.models import AuditEntry

REFUSED = "waypost.accounts.token.refused"


def get_me(token: str) -> int:
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/me/").status_code


def authenticate(token: str) -> None:
    request = APIRequestFactory().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
    BearerTokenAuthentication().authenticate(Request(request))


def test_a_thousand_invalid_tokens_are_all_refused_and_add_a_handful_of_entries(db):
    # The authentication class itself, without the rest of a request (for speed); the
    # HTTP answer is checked on the 1001st.
    for n in range(999):
        with pytest.raises(AuthenticationFailed):
            authenticate(f"wp_guess-{n:04d}")
    assert get_me("wp_guess-the-last") == 401

    entries = list(AuditEntry.objects.filter(action=REFUSED).order_by("seq"))
    assert len(entries) <= 4
    assert [entry.detail for entry in entries] == [
        {"refused_in_window": 1},
        {"refused_in_window": 10},
        {"refused_in_window": 100},
        {"refused_in_window": 1000},
    ]
    assert verify() is None


def test_each_known_token_is_counted_apart_from_unknown_ones(caseworker):
    raw = services.token_create(user=caseworker)
    services.token_revoke(raw=raw)
    token = ApiToken.objects.get()

    for _ in range(3):
        assert get_me(raw) == 401
        assert get_me("wp_not-a-token-anyone-was-given") == 401

    refused = AuditEntry.objects.filter(action=REFUSED).order_by("seq")
    assert [(entry.record_id, entry.detail) for entry in refused] == [
        (
            str(token.pk),
            {"organisation_id": caseworker.organisation_id, "refused_in_window": 1},
        ),
        ("", {"refused_in_window": 1}),
    ]
