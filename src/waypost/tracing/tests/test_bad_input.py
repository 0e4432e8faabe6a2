"""Bad input on the tracing records gets a clear error, never a server error."""

from __future__ import annotations

import pytest

from waypost.conftest import PASSWORD
from waypost.core.exceptions import ApplicationError
from waypost.tracing import services
from waypost.tracing.models import (
    FoundPerson,
    MissingPersonReport,
    PersonRecord,
    UnidentifiedRemains,
)

OUT_OF_RANGE = ["0001-01-01", "9999-12-31"]
ENDPOINTS = {
    "missing-persons": MissingPersonReport,
    "found-persons": FoundPerson,
    "remains": UnidentifiedRemains,
}
PAGES = {"missing": MissingPersonReport, "found": FoundPerson, "remains": UnidentifiedRemains}


@pytest.mark.parametrize("day", OUT_OF_RANGE)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_it_answers_an_age_date_out_of_range_with_a_400_on_the_field(
    api_client_for, caseworker, endpoint, day
):
    response = api_client_for(caseworker).post(
        f"/api/v1/{endpoint}/", {"name": "Amina Yusuf", "age": 30, "age_date": day}, format="json"
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "age_date" in response.json()["errors"]
    assert not ENDPOINTS[endpoint].objects.exists()


@pytest.mark.parametrize("day", OUT_OF_RANGE)
@pytest.mark.parametrize("kind", PAGES)
def test_it_shows_a_form_error_for_an_age_date_out_of_range(client, caseworker, kind, day):
    assert client.login(username=caseworker.username, password=PASSWORD)

    response = client.post(
        f"/en/tracing/{kind}/new/",
        {
            "name": "Amina Yusuf",
            "age": "30",
            "age_date": day,
            "found_at_kind": "hospital",
            "share_consent": "nothing",
        },
    )

    assert response.status_code == 200
    assert "age_date" in response.context["form"].errors
    assert not PAGES[kind].objects.exists()


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_it_shows_a_form_error_for_a_recovery_date_out_of_range(client, caseworker, day):
    assert client.login(username=caseworker.username, password=PASSWORD)

    response = client.post("/en/tracing/remains/new/", {"name": "", "recovery_date": day})

    assert response.status_code == 200
    assert "recovery_date" in response.context["form"].errors
    assert not UnidentifiedRemains.objects.exists()


@pytest.mark.parametrize("model", [MissingPersonReport, FoundPerson, UnidentifiedRemains])
def test_the_service_refuses_a_date_matching_cannot_read_as_a_domain_error(
    caseworker, model: type[PersonRecord]
):
    # Imports (CSV, PFIF) reach the service without a form: the check must hold there too.
    with pytest.raises(ApplicationError) as refused:
        services.record_create(
            actor=caseworker, model=model, name="Amina Yusuf", age=30, age_date="0001-01-01"
        )

    assert "age_date" in refused.value.extra["errors"]
    assert not model.objects.exists()


@pytest.mark.parametrize(("given", "status"), [("sdn", 201), ("SDN", 201), ("AAA", 400)])
def test_a_nationality_is_an_iso_code_in_any_letter_case(api_client_for, caseworker, given, status):
    response = api_client_for(caseworker).post(
        "/api/v1/missing-persons/", {"name": "Amina Yusuf", "nationality": given}, format="json"
    )

    assert response.status_code == status
    if status == 201:
        assert response.json()["nationality"] == "SDN"
    else:
        assert response.json()["errors"]["nationality"] == [
            "Use an ISO 3166-1 alpha-3 code, e.g. SDN."
        ]
