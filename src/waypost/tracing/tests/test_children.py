"""Children first: a found child's consent to share needs a guardian or a best-interests decision."""

from __future__ import annotations

from datetime import date

import pytest

from waypost.protection.models import Consent
from waypost.tracing.models import FoundPerson, is_child

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("birth_date", "age", "age_date", "child"),
    [
        ("2008-12-02", None, "", True),  # 18 tomorrow
        ("2008-12-01", None, "", False),  # 18 today
        ("2008", None, "", True),  # may have been born in late December 2008
        ("2008-04", None, "", False),  # 18 by the end of April 2026 at the latest
        ("1998", None, "", False),
        ("", 16, "2025-06-01", True),  # 16 last year: about 17 now
        ("", 16, "2024-06-01", False),  # 16 two years ago: about 18 now
        ("", 12, "", True),
        ("", None, "", False),  # nothing known: the consent form asks no guardian
    ],
)
def test_who_may_be_a_child(birth_date, age, age_date, child):
    assert is_child(birth_date=birth_date, age=age, age_date=age_date, today=TODAY) is child


FOUND_CHILD = {
    "name": "Abdou Diallo",
    "sex": "M",
    "age": 15,
    "age_date": "2026-10-01",
    "nationality": "GIN",
    "last_seen_place": "Reception centre, Lampedusa",
    "share_consent": "family",
}


def test_a_childs_consent_without_a_guardian_is_refused_and_nothing_is_stored(
    api_client_for, caseworker
):
    client = api_client_for(caseworker)

    response = client.post("/api/v1/found-persons/", FOUND_CHILD, format="json")

    assert response.status_code == 400
    assert "guardian_or_decision" in response.json()["errors"]
    assert not FoundPerson.objects.exists()
    assert not Consent.objects.exists()


def test_a_childs_consent_is_recorded_with_the_guardian(api_client_for, caseworker):
    client = api_client_for(caseworker)

    response = client.post(
        "/api/v1/found-persons/",
        {
            **FOUND_CHILD,
            "guardian_or_decision": "Guardian appointed by the juvenile court, Agrigento",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    consent = Consent.objects.get(subject_id=str(response.json()["id"]))
    assert consent.is_child
    assert consent.method == "guardian"
    assert consent.guardian_or_decision.startswith("Guardian appointed")


def test_the_form_asks_for_the_guardian_of_a_child(client, caseworker):
    from waypost.conftest import PASSWORD

    assert client.login(username=caseworker.username, password=PASSWORD)
    response = client.post(
        "/en/tracing/found/new/",
        {
            "name": "Abdou Diallo",
            "age": 15,
            "found_at_kind": "reception",
            "found_consents": ["family_whereabouts"],
        },
    )

    assert response.status_code == 200
    assert "the guardian who consented" in response.content.decode()
    assert not FoundPerson.objects.exists()
