"""Every response under /api/ is RFC 9457 problem details; the HTML site keeps its pages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

PROBLEM = "application/problem+json"


@pytest.fixture
def quiet_client() -> Client:
    """A client that gets the 500 response instead of the view's exception."""
    return Client(raise_request_exception=False)


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/no-such-thing",
        "/api/v1/no-such-thing/",
        "/api/v1/tracing/reports/999999/",
        "/api/v1/missing-persons/not-a-number/",
        "/api/no-such-version/",
    ],
)
def test_unknown_api_paths_are_problem_details(client, db, path):
    body = assert_problem(client.get(path), 404)

    assert body["title"] == "Not Found"


def test_unknown_api_path_is_the_same_problem_as_a_missing_record(api_client_for, caseworker):
    # A wrong URL and a record that is missing or hidden must look alike (core.api).
    api = api_client_for(caseworker)

    unknown = assert_problem(api.get("/api/v1/no-such-thing/"), 404)
    missing = assert_problem(api.get("/api/v1/missing-persons/999999/"), 404)

    assert unknown == missing


def test_unknown_api_path_detail_follows_the_language(client, db):
    response = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="fr")

    body = assert_problem(response, 404)
    assert body["detail"] != "Not found."  # DRF's catalogue translates it


@pytest.mark.parametrize("path", ["/en/no-such-page/", "/fr/no-such-page/", "/no-such-page"])
def test_unknown_site_paths_keep_the_html_404_page(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<html" in html
    assert ("Introuvable" if path.startswith("/fr/") else "Not found") in html


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_wrong_method_on_non_json_api_views_is_json_problem(client, db, path):
    # These views render YAML and HTML; their errors must still be JSON problems.
    response = client.post(path)

    assert_problem(response, 405)
    assert "GET" in response["Allow"]


def test_disallowed_host_under_api_is_a_problem(client, db):
    response = client.get("/api/v1/me/", HTTP_HOST="attacker.example")

    assert_problem(response, 400)


@pytest.mark.urls("waypost.core.tests.error_urls")
def test_crash_under_api_is_a_problem_without_internals(quiet_client, db):
    response = quiet_client.get("/api/v1/test-crash/")

    body = assert_problem(response, 500)
    assert "a bug" not in response.content.decode()
    assert body["title"] == "Internal Server Error"


@pytest.mark.urls("waypost.core.tests.error_urls")
def test_crash_on_the_site_is_the_html_500_page(quiet_client, db):
    response = quiet_client.get("/test-crash/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "Server error" in response.content.decode()


@pytest.mark.urls("waypost.core.tests.error_urls")
def test_permission_denied_under_api_is_a_problem(client, db):
    assert_problem(client.get("/api/v1/test-forbidden/"), 403)


@pytest.mark.urls("waypost.core.tests.error_urls")
def test_domain_not_found_in_a_plain_view_under_api_is_a_problem(client, db):
    body = assert_problem(client.get("/api/v1/test-hidden/"), 404)

    assert body["detail"] == "Not found."  # the domain message is not shown to API callers


@pytest.mark.urls("waypost.core.tests.error_urls")
def test_domain_not_found_in_a_site_view_is_the_html_404_page(client, db):
    response = client.get("/test-hidden/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deeply_nested_json_from_a_signed_in_client_is_a_400_problem(api_client_for, caseworker):
    response = api_client_for(caseworker).post(
        "/api/v1/missing-persons/",
        '{"name": ' + nested(50_000) + "}",
        content_type="application/json",
    )

    body = assert_problem(response, 400)
    assert "nested" in body["detail"]


def test_json_nested_as_deep_as_a_real_payload_is_still_read(api_client_for, caseworker):
    response = api_client_for(caseworker).post(
        "/api/v1/missing-persons/",
        {"name": "Amina Yusuf", "enquirer_consents": ["tracing"]},
        format="json",
    )

    assert response.status_code == 201


def test_brackets_inside_json_strings_do_not_count_as_nesting(api_client_for, caseworker):
    response = api_client_for(caseworker).post(
        "/api/v1/missing-persons/",
        json.dumps({"name": "Amina [" * 40, "description": '"]{' * 300}),
        content_type="application/json",
    )

    assert response.status_code == 201
