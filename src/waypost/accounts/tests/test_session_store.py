"""The session table holds a hash of each session key, never the key the browser holds:
a copy of the database (a backup, a dump, a read-only injection) opens no session."""

from __future__ import annotations

import hashlib
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client

from waypost.conftest import PASSWORD, database_bytes


def session_model():
    return import_module(settings.SESSION_ENGINE).SessionStore.get_model_class()


def signed_in(user) -> tuple[Client, str]:
    client = Client()
    assert (
        client.post(
            "/en/accounts/login/", {"username": user.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    return client, client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.mark.django_db(transaction=True)
def test_the_database_holds_only_a_hash_of_each_session_key(caseworker, tmp_path):
    _, key = signed_in(caseworker)

    stored = list(session_model().objects.values_list("session_key", flat=True))
    assert stored == [hashlib.sha256(key.encode()).hexdigest()]
    assert key.encode() not in database_bytes(tmp_path)


def test_a_session_works_and_signing_out_deletes_its_row(caseworker):
    client, _ = signed_in(caseworker)

    assert client.session["_auth_user_id"] == str(caseworker.pk)
    assert client.get("/en/accounts/two-factor/").status_code == 200
    client.post("/en/accounts/logout/")

    assert not session_model().objects.exists()


def test_the_stored_hash_used_as_a_cookie_opens_no_session(caseworker):
    signed_in(caseworker)
    stolen = session_model().objects.values_list("session_key", flat=True).get()
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = stolen

    assert thief.get("/en/accounts/two-factor/").status_code == 302  # sent to sign in
    assert "_auth_user_id" not in thief.session


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_deletes_the_sessions_stored_under_raw_keys(db):
    from datetime import timedelta

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    before = migrate([("accounts", "0004_seal_totp_keys"), ("sessions", "0001_initial")])
    try:
        before.get_model("sessions", "Session").objects.create(
            session_key="rawkey0123456789rawkey0123456789",
            session_data="{}",
            expire_date=timezone.now() + timedelta(hours=1),
        )
        after = migrate([("accounts", "0005_hashed_sessions")])
        assert not after.get_model("sessions", "Session").objects.exists()
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
