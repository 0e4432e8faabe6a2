from __future__ import annotations

import json


def test_healthz_reports_database_and_jobs(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["jobs"]["status"] == "ok"
    assert body["jobs"]["backend"] == "DatabaseBackend"


def test_openapi_schema_is_openapi_3_and_lists_me(client, db):
    response = client.get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema["paths"]


def test_api_docs_page_loads_without_remote_assets(client, db):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger" in html.lower()
    assert "cdn" not in html.lower() and "https://" not in html


def test_anonymous_api_calls_get_problem_details(client, db):
    response = client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()) >= {"type", "title", "status", "detail"}


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get("/en/accounts/login/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_api_answers_are_downloads_not_pages(client, api_client_for, caseworker):
    answer = api_client_for(caseworker).get("/api/v1/me/")
    problem = client.get("/api/v1/no-such-endpoint/")

    assert answer["Content-Disposition"] == 'attachment; filename="api.json"'
    assert problem["Content-Type"] == "application/problem+json"
    assert problem["Content-Disposition"] == 'attachment; filename="api.json"'
    assert "Content-Disposition" not in client.get("/en/accounts/login/")
