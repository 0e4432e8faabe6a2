"""Settings as production reads them from WAYPOST_* variables (a fresh process each time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

NAMES = (
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_PATH",
    "CSRF_COOKIE_PATH",
    "SESSION_COOKIE_DOMAIN",
    "CSRF_COOKIE_DOMAIN",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_TIMEOUT",
    "OTP_WEBAUTHN_RP_ID",
    "OTP_WEBAUTHN_ALLOWED_ORIGINS",
    "WAYPOST_PASSKEY_REQUIRED_FOR_ADMINS",
)


def production_settings(tmp_path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith("WAYPOST_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        },
        "WAYPOST_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "waypost.settings",
        **variables,
    }
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {NAMES!r}}}))"
    )
    return subprocess.run(  # noqa: S603 - our own settings module
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def values(tmp_path, **variables: str) -> dict[str, object]:
    result = production_settings(tmp_path, **variables)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_over_https_the_cookies_carry_the_host_prefix(tmp_path):
    settings = values(tmp_path, WAYPOST_HTTPS="1")

    assert settings["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert settings["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    # What browsers require of a __Host- cookie: Secure, path "/", no Domain.
    assert settings["SESSION_COOKIE_SECURE"] is True and settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_PATH"] == settings["CSRF_COOKIE_PATH"] == "/"
    assert settings["SESSION_COOKIE_DOMAIN"] is None and settings["CSRF_COOKIE_DOMAIN"] is None


def test_without_https_the_cookies_keep_plain_names_browsers_accept(tmp_path):
    settings = values(tmp_path, WAYPOST_HTTPS="0")

    assert settings["SESSION_COOKIE_NAME"] == "sessionid"
    assert settings["CSRF_COOKIE_NAME"] == "csrftoken"


def test_the_mail_server_is_configured_from_the_environment(tmp_path):
    (tmp_path / "smtp-password").write_text("s3cret-from-a-file\n", encoding="utf-8")

    settings = values(
        tmp_path,
        WAYPOST_EMAIL_HOST="smtp.example.org",
        WAYPOST_EMAIL_PORT="587",
        WAYPOST_EMAIL_USER="waypost@example.org",
        WAYPOST_EMAIL_PASSWORD_FILE=str(tmp_path / "smtp-password"),
        WAYPOST_EMAIL_STARTTLS="1",
    )

    assert settings["EMAIL_HOST"] == "smtp.example.org"
    assert settings["EMAIL_PORT"] == 587
    assert settings["EMAIL_HOST_USER"] == "waypost@example.org"
    assert settings["EMAIL_HOST_PASSWORD"] == "s3cret-from-a-file"
    assert settings["EMAIL_USE_TLS"] is True and settings["EMAIL_USE_SSL"] is False
    assert settings["EMAIL_TIMEOUT"] == 10


def test_by_default_the_mail_server_gets_10_seconds_to_answer(tmp_path):
    assert values(tmp_path)["EMAIL_TIMEOUT"] == 10


def test_starttls_and_tls_together_are_refused_at_start(tmp_path):
    result = production_settings(tmp_path, WAYPOST_EMAIL_STARTTLS="1", WAYPOST_EMAIL_TLS="1")

    assert result.returncode != 0
    assert "not both" in result.stderr


def test_passkeys_belong_to_the_site_s_host_name(tmp_path):
    """The relying party ID and origin come from the host the site answers to."""
    site = values(
        tmp_path,
        WAYPOST_ALLOWED_HOSTS="127.0.0.1,waypost.example.org",
        WAYPOST_HTTPS="1",
        WAYPOST_SECRET_KEY="x" * 50,
    )
    assert site["OTP_WEBAUTHN_RP_ID"] == "waypost.example.org"
    assert site["OTP_WEBAUTHN_ALLOWED_ORIGINS"] == ["https://waypost.example.org"]
    assert site["WAYPOST_PASSKEY_REQUIRED_FOR_ADMINS"] is False
    chosen = values(
        tmp_path,
        WAYPOST_ALLOWED_HOSTS="waypost.example.org",
        WAYPOST_WEBAUTHN_RP_ID="example.org",
        WAYPOST_WEBAUTHN_ORIGINS="https://waypost.example.org,https://help.example.org",
        WAYPOST_PASSKEY_REQUIRED_FOR_ADMINS="1",
    )
    assert chosen["OTP_WEBAUTHN_RP_ID"] == "example.org"
    assert chosen["OTP_WEBAUTHN_ALLOWED_ORIGINS"] == [
        "https://waypost.example.org",
        "https://help.example.org",
    ]
    assert chosen["WAYPOST_PASSKEY_REQUIRED_FOR_ADMINS"] is True
    # A development checkout (addresses only): localhost, where browsers allow passkeys.
    assert values(tmp_path)["OTP_WEBAUTHN_RP_ID"] == "localhost"
