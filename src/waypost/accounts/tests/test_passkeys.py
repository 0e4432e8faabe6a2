"""Passkeys and security keys, the server side (issue 42, ASVS 2.3.2): registration behind a
recent proof, the second step, list and removal, the audit log, and the requirement for
admins. The browser's part is played by a small software authenticator below (an ECDSA
P-256 key, the WebAuthn data structures as a browser sends them), so py_webauthn checks
real signatures; the browser test (test_passkeys_browser.py) uses Chromium's own."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.core import mail
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp_webauthn.models import WebAuthnCredential

from waypost.accounts import services
from waypost.accounts.models import SealedTOTPDevice
from waypost.accounts.reauth import AUTH_AT_KEY
from waypost.conftest import PASSWORD, VerifiedClient
from waypost.protection.models import AuditEntry

ORIGIN = "http://testserver"
PASSKEYS = "/en/accounts/two-factor/passkeys/"
REGISTER_BEGIN = PASSKEYS + "registration/begin/"
REGISTER_COMPLETE = PASSKEYS + "registration/complete/"
AUTH_BEGIN = PASSKEYS + "authentication/begin/"
AUTH_COMPLETE = PASSKEYS + "authentication/complete/"


@pytest.fixture(autouse=True)
def relying_party(settings):
    settings.OTP_WEBAUTHN_RP_ID = "testserver"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [ORIGIN]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class SoftAuthenticator:
    """What a security key does, in a few lines: one key pair, one counter."""

    rp_id: str = "testserver"
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    credential_id: bytes = field(default_factory=lambda: os.urandom(32))
    sign_count: int = 0

    def _auth_data(self, flags: int, attested: bytes = b"") -> bytes:
        self.sign_count += 1
        rp_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_hash + bytes([flags]) + self.sign_count.to_bytes(4, "big") + attested

    def _client_data(self, kind: str, challenge: str, origin: str) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge, "origin": origin}).encode()

    def create(self, options: dict[str, Any], origin: str = ORIGIN) -> dict[str, Any]:
        numbers = self.key.public_key().public_numbers()
        cose_key = cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )
        attested = bytes(16) + len(self.credential_id).to_bytes(2, "big") + self.credential_id
        auth_data = self._auth_data(0x01 | 0x04 | 0x40, attested + cose_key)
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(client_data),
                "attestationObject": b64(
                    cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
                ),
                "transports": ["usb"],
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "cross-platform",
        }

    def get(self, options: dict[str, Any], origin: str = ORIGIN) -> dict[str, Any]:
        auth_data = self._auth_data(0x01 | 0x04)
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(client_data),
                "authenticatorData": b64(auth_data),
                "signature": b64(signature),
                "userHandle": None,
            },
            "clientExtensionResults": {},
        }


def post_json(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def register(client: Client, key: SoftAuthenticator) -> Any:
    options = post_json(client, REGISTER_BEGIN)
    assert options.status_code == 200, options.content
    return post_json(client, REGISTER_COMPLETE, key.create(options.json()))


def passkey_second_step(client: Client, key: SoftAuthenticator, next_url: str = "") -> Any:
    options = post_json(client, AUTH_BEGIN)
    assert options.status_code == 200, options.content
    allowed = [unb64(c["id"]) for c in options.json()["allowCredentials"]]
    assert key.credential_id in allowed
    return post_json(
        client, AUTH_COMPLETE + (f"?next={next_url}" if next_url else ""), key.get(options.json())
    )


def actions() -> list[str]:
    return list(
        AuditEntry.objects.filter(action__startswith="waypost.accounts.passkey.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def age_the_proof(client: Client) -> None:
    session = client.session
    session[AUTH_AT_KEY] = time.time() - 3600
    session.save()


def test_a_passkey_is_registered_listed_and_audited(caseworker, django_capture_on_commit_callbacks):
    caseworker.email = "amina@example.org"
    caseworker.save()
    client = VerifiedClient()
    client.force_login(caseworker)
    session = client.session
    session[AUTH_AT_KEY] = time.time()
    session.save()
    key = SoftAuthenticator()

    with django_capture_on_commit_callbacks(execute=True):
        done = register(client, key)

    assert done.status_code == 200, done.content
    credential = WebAuthnCredential.objects.get(user=caseworker)
    assert credential.credential_id == key.credential_id
    assert actions() == ["waypost.accounts.passkey.registered"]
    entry = AuditEntry.objects.get(action="waypost.accounts.passkey.registered")
    assert entry.detail["credential_id"] == credential.pk
    page = client.get(PASSKEYS).content.decode()
    assert 'id="passkey-list"' in page
    assert f"/accounts/two-factor/passkeys/{credential.pk}/remove/" in page
    assert "Your passkey is registered." in page
    assert any("passkey was added" in message.subject for message in mail.outbox)


def test_registering_needs_a_recent_proof_of_who_one_is(caseworker):
    client = VerifiedClient()
    client.force_login(caseworker)
    age_the_proof(client)

    page = client.get(PASSKEYS)
    assert page["Location"].startswith("/en/accounts/confirm/?next=")
    refused = post_json(client, REGISTER_BEGIN)
    assert refused.status_code == 403
    assert refused.json()["code"] == "reauthentication_required"
    # Nor can the second step be sent on its own with options fetched earlier.
    refused = post_json(client, REGISTER_COMPLETE, SoftAuthenticator().create({"challenge": "x"}))
    assert refused.status_code == 403
    assert not WebAuthnCredential.objects.exists()
    assert actions() == []


def test_someone_past_only_the_password_cannot_register_a_passkey(caseworker):
    """Else a stolen password would be enough to add a second factor of one's own."""
    client = Client()
    assert client.login(username=caseworker.username, password=PASSWORD)
    SealedTOTPDevice.objects.create(
        user=caseworker, name="app", key_sealed=SealedTOTPDevice.new_sealed_key(caseworker.pk)
    )
    refused = post_json(client, REGISTER_BEGIN)
    assert refused.status_code in (302, 403)
    assert not WebAuthnCredential.objects.exists()


def test_the_second_step_with_a_passkey_verifies_the_session(caseworker):
    key = SoftAuthenticator()
    setup = VerifiedClient()
    setup.force_login(caseworker)
    assert register(setup, key).status_code == 200

    client = Client()
    assert client.login(username=caseworker.username, password=PASSWORD)
    page = client.get("/en/accounts/two-factor/").content.decode()
    assert 'id="passkey-verification-button"' in page
    assert 'id="otp_webauthn_config"' in page
    assert client.get("/en/accounts/sessions/").status_code == 302  # not yet verified

    done = passkey_second_step(client, key, next_url="/en/accounts/sessions/")

    assert done.status_code == 200, done.content
    assert done.json()["redirect_url"] == "/en/accounts/sessions/"
    assert client.session[DEVICE_ID_SESSION_KEY] == WebAuthnCredential.objects.get().persistent_id
    assert client.get("/en/accounts/sessions/").status_code == 200
    assert actions() == ["waypost.accounts.passkey.registered", "waypost.accounts.passkey.verified"]
    # A passkey answer is a proof of who one is: the sensitive pages open without asking.
    assert client.get(PASSKEYS).status_code == 200


def test_a_wrong_signature_or_origin_is_refused_and_audited(caseworker):
    key = SoftAuthenticator()
    setup = VerifiedClient()
    setup.force_login(caseworker)
    assert register(setup, key).status_code == 200
    client = Client()
    assert client.login(username=caseworker.username, password=PASSWORD)

    impostor = SoftAuthenticator(credential_id=key.credential_id, sign_count=50)  # another key
    refused = passkey_second_step(client, impostor)
    assert refused.status_code in (400, 403, 422)
    options = post_json(client, AUTH_BEGIN).json()
    phished = post_json(
        client, AUTH_COMPLETE, key.get(options, origin="https://waypost.example.net")
    )
    assert phished.status_code in (400, 403, 422)

    # Told in Waypost's words (translated from its catalogs), not the library's.
    assert phished.json()["detail"] == (
        "The passkey was not accepted. Try again, or use your authenticator app."
    )
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/en/accounts/sessions/").status_code == 302
    assert actions() == [
        "waypost.accounts.passkey.registered",
        "waypost.accounts.passkey.failed",
        "waypost.accounts.passkey.failed",
    ]


def test_no_sign_in_with_a_passkey_alone(caseworker):
    """A passkey follows the password here: without it the ceremony does not start."""
    key = SoftAuthenticator()
    setup = VerifiedClient()
    setup.force_login(caseworker)
    assert register(setup, key).status_code == 200
    anonymous = Client()
    refused = post_json(anonymous, AUTH_BEGIN)
    assert refused.status_code in (302, 403)
    assert "_auth_user_id" not in anonymous.session


def test_people_remove_their_own_passkeys_only(caseworker, other_caseworker):
    client = VerifiedClient()
    client.force_login(caseworker)
    assert register(client, SoftAuthenticator()).status_code == 200
    other = VerifiedClient()
    other.force_login(other_caseworker)
    assert register(other, SoftAuthenticator()).status_code == 200
    mine = WebAuthnCredential.objects.get(user=caseworker)
    theirs = WebAuthnCredential.objects.get(user=other_caseworker)

    client.post(f"{PASSKEYS}{theirs.pk}/remove/")
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()
    client.post(f"{PASSKEYS}{mine.pk}/remove/")

    assert not WebAuthnCredential.objects.filter(pk=mine.pk).exists()
    removed = AuditEntry.objects.get(action="waypost.accounts.passkey.removed")
    assert removed.actor_id == caseworker.pk
    assert removed.detail["credential_id"] == mine.pk
    assert "no passkeys yet" in client.get(PASSKEYS).content.decode()
    # Removing is a sensitive action too.
    age_the_proof(other)
    assert other.post(f"{PASSKEYS}{theirs.pk}/remove/")["Location"].startswith(
        "/en/accounts/confirm/"
    )
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()


def test_a_second_factor_reset_removes_the_member_s_passkeys(admin, caseworker):
    client = VerifiedClient()
    client.force_login(caseworker)  # makes the app device too
    assert register(client, SoftAuthenticator()).status_code == 200

    services.two_factor_reset(actor=admin, member=caseworker)

    assert not WebAuthnCredential.objects.filter(user=caseworker).exists()
    entry = AuditEntry.objects.get(action="waypost.accounts.two_factor.removed")
    assert entry.detail["passkeys_removed"] == 1


class TestRequiredForAdmins:
    @pytest.fixture(autouse=True)
    def required(self, settings):
        settings.WAYPOST_PASSKEY_REQUIRED_FOR_ADMINS = True

    def test_an_admin_verified_with_an_app_must_register_a_passkey(self, admin):
        client = VerifiedClient()  # passed the second factor with the app
        client.force_login(admin)
        away = client.get("/en/accounts/members/")
        assert away["Location"] == f"{PASSKEYS}?next=/en/accounts/members/"
        assert client.get(PASSKEYS + "?next=/en/accounts/members/").status_code == 200
        assert client.get("/api/v1/me/").status_code == 403

        assert register(client, SoftAuthenticator()).status_code == 200

        # The new key now verifies the session.
        assert client.get("/en/accounts/members/").status_code == 200

    def test_an_admin_with_a_passkey_cannot_use_an_app_code_instead(self, admin):
        key = SoftAuthenticator()
        setup = VerifiedClient()
        setup.force_login(admin)
        assert register(setup, key).status_code == 200

        client = VerifiedClient()  # a session verified with the app, not the passkey
        client.force_login(admin)
        sent_back = client.get("/en/accounts/members/")
        assert sent_back["Location"] == "/en/accounts/two-factor/?next=/en/accounts/members/"
        page = client.get(sent_back["Location"]).content.decode()
        assert 'id="passkey-verification-button"' in page
        assert 'name="code"' not in page  # no app code offered

        assert passkey_second_step(client, key).status_code == 200
        assert client.get("/en/accounts/members/").status_code == 200

    def test_others_are_not_affected(self, caseworker):
        client = VerifiedClient()
        client.force_login(caseworker)
        assert client.get("/en/accounts/sessions/").status_code == 200


def test_the_scripts_messages_come_from_waypost_s_catalog_and_nothing_else(client):
    with translation.override(translation.get_language()):  # the request switches to French
        script = client.get("/fr/accounts/two-factor/passkeys/messages.js")
    assert script.status_code == 200
    body = script.content.decode()
    assert "Verify with Passkey" in body
    assert "Registration successful!" in body
    assert "Sign out" not in body  # not the whole catalog of the site
    assert "eval(" not in body
