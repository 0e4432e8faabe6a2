"""Everything Waypost writes into its data directory is its own user's alone.

The data directory holds the database, the key files, matching indexes and uploads:
another account on the same server must not read any of it, whatever umask the service
was started with (0022 is the usual default, and gives 0644 files and 0755 directories).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from waypost import conf


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def waypost(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        # A new installation as installed: SQLite in its data directory, whatever this
        # test run's database is.
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "WAYPOST_DATABASE_URL")
        },
        "WAYPOST_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "waypost.settings",
    }
    result = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "waypost.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        umask=0o022,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_a_new_installation_writes_nothing_another_account_can_read(tmp_path):
    data_dir = tmp_path / "fresh" / "waypost"  # missing: the first command creates it

    waypost(data_dir, "migrate")
    slug = waypost(
        data_dir, "orgs", "create", "Sahel Family Links", "--kind", "ngo", "--country", "NER"
    ).stdout.strip()
    waypost(  # seals a value: the master key and a data key are made
        data_dir,
        "manage",
        "shell",
        "-c",
        "from waypost.protection.keys import current_data_key; current_data_key(1)",
    )
    out = str(data_dir / "x.xml")
    waypost(data_dir, "tracing", "export-pfif", "--org", slug, "--to", slug, "--out", out)

    written = [data_dir, *data_dir.rglob("*")]
    assert {p.name for p in written} >= {
        "waypost",
        "waypost.sqlite3",
        "secret_key",
        "master_key",
        "x.xml",
    }
    exposed = {
        str(p.relative_to(tmp_path)): oct(mode(p))
        for p in written
        if mode(p) & (stat.S_IRWXG | stat.S_IRWXO)
    }
    assert exposed == {}


def test_an_existing_data_directory_and_database_open_to_others_are_made_private(
    tmp_path, monkeypatch
):
    data_dir = tmp_path / "waypost"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    database = data_dir / "waypost.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    wal = data_dir / "waypost.sqlite3-wal"
    wal.write_bytes(b"")
    wal.chmod(0o644)
    monkeypatch.setenv("WAYPOST_DATA_DIR", str(data_dir))

    assert conf.data_dir() == data_dir
    conf.private_file(database)

    assert (mode(data_dir), mode(database), mode(wal)) == (0o700, 0o600, 0o600)


def test_a_private_file_is_written_owner_only_even_over_a_readable_one(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text("old")
    path.chmod(0o644)

    conf.write_private(path, "<pfif/>")

    assert (mode(path), path.read_text()) == (0o600, "<pfif/>")
