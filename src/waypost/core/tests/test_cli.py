from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from rest_framework.test import APIClient

from waypost import cli
from waypost.accounts.models import Organisation, User


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_help_lists_every_command(capsys):
    code, out, _ = run(capsys, "--help")

    assert code == 0
    for name in ("demo", "serve", "migrate", "worker", "manage", "orgs", "users", "tokens"):
        assert f"  {name} " in out


def test_version_prints_the_package_version(capsys):
    from waypost import __version__

    code, out, _ = run(capsys, "--version")

    assert code == 0
    assert out.strip() == f"waypost {__version__}"


def test_an_unknown_command_exits_2(capsys):
    code, _, err = run(capsys, "frobnicate")

    assert code == 2
    assert "unknown command" in err


@pytest.mark.django_db(transaction=True)
def test_org_user_and_token_commands_give_a_working_api_token(capsys, monkeypatch):
    code, slug, _ = run(
        capsys, "orgs", "create", "Red Sea Tracing Desk", "--kind", "ngo", "--country", "SDN"
    )
    assert code == 0
    assert slug.strip() == "red-sea-tracing-desk"

    monkeypatch.setattr(sys, "stdin", io.StringIO("a-long-enough-passphrase\n"))
    code, _, _ = run(
        capsys,
        "users",
        "create",
        "amina",
        "--org",
        slug.strip(),
        "--role",
        "caseworker",
        "--password-stdin",
    )
    assert code == 0
    assert User.objects.get(username="amina").check_password("a-long-enough-passphrase")

    code, token, _ = run(capsys, "tokens", "create", "amina")
    assert code == 0
    token = token.strip()
    assert len(token.splitlines()) == 1

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    me = client.get("/api/v1/me/").json()
    assert me["username"] == "amina"
    assert me["organisation"]["slug"] == "red-sea-tracing-desk"
    assert me["organisation"]["kind"] == "ngo"
    assert me["organisation"]["country"] == "SDN"
    assert me["role"] == "caseworker"

    code, _, _ = run(capsys, "tokens", "revoke", token)
    assert code == 0
    assert client.get("/api/v1/me/").status_code == 401


# Django closes the database connection when a command fails, so these tests must not run
# inside a test transaction (PostgreSQL would lose it).
@pytest.mark.django_db(transaction=True)
def test_bad_input_gets_a_clear_error_and_creates_nothing(capsys):
    code, _, err = run(capsys, "orgs", "create", "Nowhere", "--kind", "ngo", "--country", "XXX")

    assert code != 0
    assert "ISO 3166-1 alpha-3" in err
    assert not Organisation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_revoking_an_unknown_token_fails(capsys):
    code, _, err = run(capsys, "tokens", "revoke", "wp_unknown")

    assert code != 0
    assert "No active token" in err


def test_documented_production_settings_pass_check_deploy(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "WAYPOST_DATA_DIR": str(tmp_path),
        "WAYPOST_SECRET_KEY": "k" * 20 + "Zq8!v#2Lm@9Rt$5Xw&1Ny*7Pb^4Hc(0Jd)6Gf" * 2,
        "WAYPOST_ALLOWED_HOSTS": "waypost.example.org",
        "WAYPOST_HTTPS": "1",
        "WAYPOST_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "waypost.settings",
    }
    result = subprocess.run(  # noqa: S603 - our own command
        [
            sys.executable,
            "-m",
            "waypost.cli",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_command_on_a_database_not_yet_migrated_says_to_run_migrate(tmp_path):
    env = {
        # A new SQLite database in the data directory: never the run's own database server,
        # whose state is not this test's to assume.
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "WAYPOST_DATABASE_URL")
        },
        "WAYPOST_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "waypost.settings",
    }
    result = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "waypost.cli", "orgs", "create", "Test", "--kind", "ngo"]
        + ["--country", "TUN"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "waypost migrate" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_api_classes_named_in_settings_import_in_a_fresh_process(tmp_path):
    # `waypost demo` on a new data directory ran DRF's checks before anything had imported
    # DRF's views: the parser named in the settings must not depend on that order.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "WAYPOST_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "waypost.settings",
    }
    code = (
        "import django; django.setup(); "
        "from rest_framework.settings import api_settings as s; "
        "print(s.DEFAULT_PAGINATION_CLASS.__name__, [p.__name__ for p in s.DEFAULT_PARSER_CLASSES])"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "JSONParser" in result.stdout
