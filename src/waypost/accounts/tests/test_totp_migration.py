"""Authenticator apps enrolled before secrets were sealed keep working (migration 0004)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_otp.oath import TOTP

from waypost.accounts.models import CodeCheck, SealedTOTPDevice
from waypost.conftest import database_bytes

BEFORE = [("accounts", "0003_sealedtotpdevice"), ("otp_totp", "0003_add_timestamps")]
AFTER = [("accounts", "0004_seal_totp_keys")]
KEY_HEX = "3132333435363738393031323334353637383930"  # RFC 6238 test key


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_sealing():
    apps = migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_an_enrolled_app_keeps_working_and_its_clear_secret_is_gone(before_sealing, tmp_path):
    user = before_sealing.get_model("accounts", "User").objects.create(
        username="enrolled-before", password="!"
    )
    clock = TOTP(bytes.fromhex(KEY_HEX))
    old = before_sealing.get_model("otp_totp", "TOTPDevice").objects.create(
        user_id=user.pk, name="phone", confirmed=True, key=KEY_HEX, last_t=clock.t() - 1
    )

    migrate(AFTER)

    device = SealedTOTPDevice.objects.get(user_id=user.pk)
    assert (device.name, device.confirmed, device.last_t) == ("phone", True, old.last_t)
    assert device.bin_key == bytes.fromhex(KEY_HEX)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM otp_totp_totpdevice")
        assert cursor.fetchone()[0] == 0
    raw = database_bytes(tmp_path)
    assert KEY_HEX.encode() not in raw and KEY_HEX.upper().encode() not in raw
    assert device.check_code(f"{clock.token():06d}") is CodeCheck.VALID


@pytest.mark.django_db(transaction=True)
def test_the_migration_can_be_reversed(before_sealing):
    user = before_sealing.get_model("accounts", "User").objects.create(
        username="enrolled-before", password="!"
    )
    before_sealing.get_model("otp_totp", "TOTPDevice").objects.create(
        user_id=user.pk, name="phone", confirmed=True, key=KEY_HEX
    )
    migrate(AFTER)

    apps = migrate(BEFORE)

    assert apps.get_model("otp_totp", "TOTPDevice").objects.get().key == KEY_HEX
    assert not apps.get_model("accounts", "SealedTOTPDevice").objects.exists()
