"""Scoped, expiring API tokens (issue 42): a token acts within its scopes, for its
organisation, until it expires or is revoked; the token page and ``waypost tokens``
create, list and revoke them."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.permissions import AllowAny
from rest_framework.test import APIClient

from waypost.accounts import services
from waypost.accounts.models import ApiToken
from waypost.accounts.roles import Role
from waypost.accounts.scopes import ANY_SCOPE, RecordKind, default_scopes_for
from waypost.core.exceptions import ApplicationError
from waypost.protection.models import AuditEntry

REPORT = {"name": "Mohamed Abdelrahman", "sex": "M", "birth_date": "1998", "nationality": "SDN"}


@pytest.fixture(autouse=True)
def _tracing_index(settings, tmp_path):
    settings.TRACING_INDEX_DIR = tmp_path / "indexes"


def bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_a_tracing_read_token_reads_missing_persons_and_gets_403_on_post_and_on_reports(
    caseworker, api_client_for
):
    record_id = (
        api_client_for(caseworker)
        .post("/api/v1/missing-persons/", REPORT, format="json")
        .json()["id"]
    )
    client = bearer(services.token_create(user=caseworker, scopes=["tracing:read"]))

    assert client.get("/api/v1/missing-persons/").status_code == 200
    assert client.get(f"/api/v1/missing-persons/{record_id}/").json()["name"] == REPORT["name"]

    posted = client.post("/api/v1/missing-persons/", REPORT, format="json")
    assert posted.status_code == 403
    assert posted["Content-Type"] == "application/problem+json"
    assert posted.json()["missing_scope"] == "tracing:write"
    assert "tracing:write" in posted.json()["detail"]

    reports = client.get("/api/v1/reports/inbox/")
    assert reports.status_code == 403
    assert reports.json()["missing_scope"] == "reports:read"
    assert client.get("/api/v1/incidents/").json()["missing_scope"] == "incidents:read"
    # Any token may ask whose it is.
    assert client.get("/api/v1/me/").status_code == 200


def test_a_refused_scope_is_on_the_audit_log(caseworker):
    client = bearer(services.token_create(user=caseworker, scopes=["tracing:read"]))

    client.post("/api/v1/missing-persons/", REPORT, format="json")

    entry = AuditEntry.objects.filter(action="waypost.access.refused").get()
    assert entry.detail == {"status": 403, "view": "api:missing-persons"}


def test_write_includes_read(caseworker):
    client = bearer(services.token_create(user=caseworker, scopes=["tracing:write"]))

    assert client.post("/api/v1/missing-persons/", REPORT, format="json").status_code == 201
    assert client.get("/api/v1/missing-persons/").json()["count"] == 1
    assert ApiToken.objects.get().scopes == ["tracing:write"]


def test_an_expired_token_gets_401_saying_so(caseworker):
    raw = services.token_create(user=caseworker, scopes=["tracing:read"])
    client = bearer(raw)
    assert client.get("/api/v1/missing-persons/").status_code == 200

    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.get("/api/v1/missing-persons/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert "expired" in response.json()["detail"]
    refused = AuditEntry.objects.get(action="waypost.accounts.token.refused")
    assert refused.detail["reason"] == "expired"


def test_a_token_stops_when_its_owner_moves_to_another_organisation(caseworker, other_organisation):
    client = bearer(services.token_create(user=caseworker))
    assert client.get("/api/v1/me/").status_code == 200

    caseworker.organisation = other_organisation
    caseworker.save(update_fields=["organisation"])

    assert client.get("/api/v1/me/").status_code == 401
    assert ApiToken.objects.get().organisation_id != other_organisation.pk


def test_last_use_is_recorded(caseworker):
    client = bearer(services.token_create(user=caseworker))
    assert ApiToken.objects.get().last_used_at is None

    client.get("/api/v1/me/")

    assert ApiToken.objects.get().last_used_at is not None


def test_without_scopes_a_token_gets_what_its_owners_role_can_use(caseworker, make_user):
    services.token_create(user=caseworker)
    analyst = make_user(caseworker.organisation, Role.ANALYST)
    services.token_create(user=analyst)

    assert ApiToken.objects.get(user=caseworker).scopes == sorted(default_scopes_for("caseworker"))
    assert "tracing:write" in ApiToken.objects.get(user=caseworker).scopes
    assert ApiToken.objects.get(user=analyst).scopes == [
        "incidents:read",
        "statistics:read",
        "training:read",
    ]


def test_a_scope_the_role_cannot_use_or_does_not_exist_is_refused(make_user, organisation):
    analyst = make_user(organisation, Role.ANALYST)

    with pytest.raises(ApplicationError, match="tracing:read"):
        services.token_create(user=analyst, scopes=["tracing:read"])
    with pytest.raises(ApplicationError, match="Unknown scope"):
        services.token_create(user=analyst, scopes=["statistics:write"])
    with pytest.raises(ApplicationError, match="at least one scope"):
        services.token_create(user=analyst, scopes=[])
    assert not ApiToken.objects.exists()


def test_a_token_lives_90_days_by_default_and_at_most_a_year(caseworker):
    services.token_create(user=caseworker)
    lifetime = ApiToken.objects.get().expires_at - timezone.now()
    assert timedelta(days=89, hours=23) < lifetime <= timedelta(days=90)

    with pytest.raises(ApplicationError, match="at most a year"):
        services.token_create(user=caseworker, lifetime=timedelta(days=366))


def test_a_person_cannot_create_a_token_for_someone_else(caseworker, admin):
    with pytest.raises(ApplicationError):
        services.token_create(actor=admin, user=caseworker)


def test_the_command_creates_a_scoped_token_that_expires_when_asked(caseworker):
    out = io.StringIO()
    call_command(
        "tokens",
        "create",
        "caseworker",
        "--scope",
        "tracing:read",
        "--expires",
        "30d",
        "--name",
        "Partner hospital",
        stdout=out,
    )

    raw = out.getvalue().strip()
    assert re.fullmatch(r"wp_[A-Za-z0-9_-]{43}", raw)
    token = ApiToken.objects.get()
    assert (token.name, token.scopes, token.organisation) == (
        "Partner hospital",
        ["tracing:read"],
        caseworker.organisation,
    )
    assert timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert bearer(raw).post("/api/v1/missing-persons/", REPORT, format="json").status_code == 403


def test_the_command_keeps_its_old_form_and_refuses_bad_lifetimes(caseworker):
    out = io.StringIO()
    call_command("tokens", "create", "caseworker", stdout=out)
    assert bearer(out.getvalue().strip()).get("/api/v1/missing-persons/").status_code == 200

    with pytest.raises(CommandError, match="at most a year"):
        call_command("tokens", "create", "caseworker", "--expires", "2y", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("tokens", "create", "caseworker", "--expires", "soon", stdout=io.StringIO())


def test_the_command_lists_tokens_without_their_values_and_revokes_by_id(caseworker):
    raw = services.token_create(user=caseworker, name="Hospital", scopes=["tracing:read"])
    token = ApiToken.objects.get()
    out = io.StringIO()
    call_command("tokens", "list", stdout=out)
    listing = out.getvalue()
    assert raw not in listing
    assert f"{token.pk}\tcaseworker\tHospital\t{token.prefix}…\ttracing:read\t" in listing
    assert listing.rstrip().endswith("active")

    call_command("tokens", "revoke", "--id", str(token.pk), stdout=io.StringIO())

    assert bearer(raw).get("/api/v1/me/").status_code == 401
    out = io.StringIO()
    call_command("tokens", "list", "caseworker", stdout=out)
    assert out.getvalue().rstrip().endswith("revoked")


def test_the_token_page_shows_a_new_token_once_then_its_expiry_and_revocation(client, caseworker):
    client.force_login(caseworker)
    page = client.get("/en/accounts/tokens/")
    assert page.status_code == 200
    assert b'value="tracing:read"' in page.content
    assert b'value="tracing:write"' in page.content

    created = client.post(
        "/en/accounts/tokens/",
        {"name": "Hospital link", "scopes": ["tracing:read"], "expires_in_days": "30"},
    )

    assert created.status_code == 200
    raw = re.search(rb'id="new-token"[^>]*value="(wp_[^"]+)"', created.content).group(1).decode()
    assert "no-store" in created["Cache-Control"]  # the only copy: no cache keeps it
    assert bearer(raw).get("/api/v1/missing-persons/").status_code == 200
    listed = client.get("/en/accounts/tokens/").content.decode()
    assert raw not in listed
    token = ApiToken.objects.get()
    assert token.expires_at.strftime("%Y-%m-%d") in listed
    assert "Hospital link" in listed
    assert "Tracing (missing and found persons) (Read)" in listed

    revoked = client.post(f"/en/accounts/tokens/{token.pk}/revoke/", follow=True)

    assert "Revoked on" in revoked.content.decode()
    assert bearer(raw).get("/api/v1/me/").status_code == 401


def test_the_token_page_shows_an_expired_token_as_expired(client, caseworker):
    services.token_create(user=caseworker, name="Old")
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(caseworker)

    page = client.get("/en/accounts/tokens/").content.decode()

    assert "Expired" in page
    assert "Revoke</button>" not in page


def test_the_token_page_offers_only_scopes_the_role_can_use(client, make_user, organisation):
    analyst = make_user(organisation, Role.ANALYST)
    client.force_login(analyst)

    page = client.get("/en/accounts/tokens/").content

    assert b'value="incidents:read"' in page
    assert b"tracing:" not in page
    refused = client.post(
        "/en/accounts/tokens/", {"name": "x", "scopes": ["tracing:read"], "expires_in_days": "30"}
    )
    assert refused.status_code == 200
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_persons_token_from_the_page(client, caseworker, other_caseworker):
    services.token_create(user=other_caseworker)
    client.force_login(caseworker)

    response = client.post(f"/en/accounts/tokens/{ApiToken.objects.get().pk}/revoke/")

    assert response.status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def _api_views(resolver: URLResolver, namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and namespace == "api":
            view = getattr(pattern.callback, "cls", None)
            if view is not None:
                yield pattern.name, view


def test_every_api_endpoint_that_takes_tokens_names_its_kind_of_record():
    kinds = set(RecordKind.values) | {ANY_SCOPE}
    checked = []
    for name, view in _api_views(get_resolver()):
        if view.authentication_classes == [] or view.permission_classes == [AllowAny]:
            continue  # public: no token is read
        checked.append(name)
        assert getattr(view, "token_scope", None) in kinds, name
    assert {"missing-persons", "report-list", "incidents", "me"} <= set(checked)


BEFORE = [("accounts", "0005_hashed_sessions")]


@pytest.mark.django_db(transaction=True)
def test_tokens_made_before_scopes_keep_their_power_for_90_days():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    organisation = old.get_model("accounts", "Organisation").objects.create(
        name="Old", slug="old", kind="ngo", country="NER"
    )
    user = old.get_model("accounts", "User").objects.create(
        username="old-caseworker", password="!", role="caseworker", organisation=organisation
    )
    old.get_model("accounts", "ApiToken").objects.create(
        user=user, key_hash="a" * 64, prefix="wp_old"
    )
    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

        token = ApiToken.objects.get(user_id=user.pk)
        # the scopes there were when the upgrade ran (training and info came after it)
        assert token.scopes == sorted(
            s for s in default_scopes_for("caseworker") if not s.startswith(("training:", "info:"))
        )
        assert token.organisation_id == organisation.pk
        lifetime = token.expires_at - timezone.now()
        assert timedelta(days=89) < lifetime <= timedelta(days=90)
    finally:
        ApiToken.objects.all().delete()
        user_model = old.get_model("accounts", "User")
        user_model.objects.filter(pk=user.pk).delete()
