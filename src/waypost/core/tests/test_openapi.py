"""The OpenAPI schema says what the API answers: checked against real answers."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import jsonschema
import pytest

from waypost.accounts.roles import Role
from waypost.incidents.services import incident_save
from waypost.reporting import services as reporting
from waypost.tracing import services as tracing
from waypost.tracing.models import FoundPerson, MissingPersonReport, UnidentifiedRemains

LIST_ENDPOINTS = [
    "/api/v1/missing-persons/",
    "/api/v1/found-persons/",
    "/api/v1/remains/",
    "/api/v1/incidents/",
    "/api/v1/reports/inbox/",
]
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def schema(client, db) -> dict[str, Any]:
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def as_json_schema(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable`` spelled as JSON Schema, which the validator reads."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: as_json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        if "type" in converted:
            converted["type"] = [converted["type"], "null"]
        else:
            converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


def validate(schema: dict[str, Any], body: Any, response_schema: dict[str, Any]) -> None:
    components = as_json_schema(schema["components"])
    document = {**as_json_schema(response_schema), "components": components}
    jsonschema.validate(body, document, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("path", LIST_ENDPOINTS)
def test_list_endpoints_are_documented_as_the_page_envelope_they_return(schema, path):
    answer = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]

    documented = answer["schema"]
    if "$ref" in documented:
        documented = schema["components"]["schemas"][documented["$ref"].rsplit("/", 1)[1]]
    assert documented["type"] == "object"
    assert set(documented["properties"]) == {"count", "next", "previous", "results"}
    assert documented["properties"]["results"]["type"] == "array"


def test_every_operation_documents_not_found_and_too_many_requests_as_problem_details(schema):
    problem = schema["components"]["schemas"]["Problem"]
    assert set(problem["required"]) >= {"type", "title", "status"}
    for path, method, operation in operations(schema):
        for status in ("404", "429"):
            response = operation["responses"].get(status)
            assert response, f"{method.upper()} {path} does not document {status}"
            assert response["content"]["application/problem+json"]["schema"] == {
                "$ref": "#/components/schemas/Problem"
            }


def test_the_receipt_endpoints_document_a_400_for_a_missing_receipt(schema):
    for path in (
        "/api/v1/reports/status/",
        "/api/v1/reports/status/messages/",
        "/api/v1/reports/status/attachments/",
    ):
        for _path, _method, operation in [op for op in operations(schema) if op[0] == path]:
            assert "400" in operation["responses"]


@pytest.fixture
def records(caseworker, make_user, organisation) -> None:
    """One record of each kind listed, so each list answers with a real row."""
    for model in (MissingPersonReport, FoundPerson, UnidentifiedRemains):
        tracing.record_create(
            actor=caseworker, model=model, name="Amina Yusuf", birth_date="1998", age=None
        )
    incident_save(
        actor=caseworker,
        date=date(2025, 3, 2),
        place="Off Zuwara",
        dead=2,
        missing=None,
        latitude=32.9,
        longitude=12.1,
    )
    reporting.channel_set(
        actor=None, organisation=organisation, accepts_reports=True, countries=["NER"]
    )
    reporting.report_submit(
        submission=reporting.Submission(
            recipient_slug=organisation.slug,
            what_happened="Our phones were taken at the border post.",
            where="Agadez",
            when="2025-03",
            language="en",
            country="NER",
            harmed=["me"],
            harmed_count=None,
            perpetrator="authority",
        )
    )


@pytest.mark.parametrize("path", LIST_ENDPOINTS)
def test_real_list_answers_validate_against_the_schema(
    schema, records, api_client_for, caseworker, path
):
    response = api_client_for(caseworker).get(path, {"page_size": 1})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 1 and len(body["results"]) == 1
    answer = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    validate(schema, body, answer["schema"])


@pytest.mark.parametrize("status", [404, 429])
def test_real_problem_answers_validate_against_the_schema(
    schema, api_client_for, make_user, organisation, status
):
    api = api_client_for(make_user(organisation, Role.CASEWORKER))
    if status == 404:
        response = api.get("/api/v1/missing-persons/999999/")
    else:
        for _ in range(25):
            response = api.get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT="0" * 16)

    assert response.status_code == status
    documented = schema["paths"]["/api/v1/missing-persons/{id}/"]["get"]["responses"][str(status)]
    validate(schema, response.json(), documented["content"]["application/problem+json"]["schema"])


@pytest.mark.parametrize("page_size", ["null", "0", "-5", "ten"])
def test_a_page_size_that_is_not_a_positive_whole_number_is_a_400(
    api_client_for, caseworker, page_size
):
    response = api_client_for(caseworker).get("/api/v1/missing-persons/", {"page_size": page_size})

    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]


@pytest.mark.parametrize("query", [{}, {"country": ""}, {"country": "TUNISIA"}])
def test_recipients_need_a_country_code(client, db, query):
    response = client.get("/api/v1/reports/recipients/", query)

    assert response.status_code == 400
    assert "country" in response.json()["errors"]


@pytest.mark.parametrize(
    "query", [{"year": "14345154959"}, {"year": "-5"}, {"date_to": "yesterday"}]
)
def test_incident_filters_out_of_their_range_are_a_400(api_client_for, caseworker, query):
    assert api_client_for(caseworker).get("/api/v1/incidents/", query).status_code == 400
    assert api_client_for(caseworker).get("/api/v1/stats/sdg-10-7-3/", query).status_code == 400


def test_the_schema_documents_filters_as_they_are_checked(schema):
    incidents = {p["name"]: p for p in schema["paths"]["/api/v1/incidents/"]["get"]["parameters"]}

    assert incidents["date_from"]["schema"] == {"type": "string", "format": "date"}
    assert incidents["year"]["schema"]["minimum"] == 1900
    assert incidents["year"].get("allowEmptyValue") is True  # empty: no filter
    assert incidents["page_size"]["schema"]["minimum"] == 1


def test_person_records_are_created_from_json_only(api_client_for, caseworker, schema):
    response = api_client_for(caseworker).post(
        "/api/v1/missing-persons/", {"name": "Amina Yusuf"}, format="multipart"
    )

    assert response.status_code == 415
    body = schema["paths"]["/api/v1/missing-persons/"]["post"]["requestBody"]["content"]
    assert list(body) == ["application/json"]
