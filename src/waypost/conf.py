"""Typed readers for Waypost's environment variables (all prefixed ``WAYPOST_``).

Kept apart from settings.py so the command line can find the data directory before Django
is configured. Every variable is documented in ``.env.example``.
"""

from __future__ import annotations

import os
import secrets
import socket
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """Read ``name``, or the file named by ``name_FILE`` (for secrets mounted as files)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer; got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """The directory holding the SQLite database, secret key, key files and uploads."""
    configured = os.environ.get("WAYPOST_DATA_DIR")
    if configured:
        path = Path(configured).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("waypost", appauthor=False))
    return private_dir(path)


# Everything Waypost writes into its data directory (the database, key files, matching
# indexes, uploads) and every export of personal data is its own user's alone: another
# account on the server reads none of it. The commands and the WSGI application set
# the umask (``private_umask``); the functions below set the modes themselves as well,
# so a file is private even in a process started otherwise (a test, an embedding server),
# and files left readable by an earlier version are closed on the next start.
PRIVATE_UMASK = 0o077
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_umask() -> None:
    os.umask(PRIVATE_UMASK)


def _close_to_others(path: Path, mode: int) -> None:
    if stat.S_IMODE(path.stat().st_mode) & (stat.S_IRWXG | stat.S_IRWXO):
        try:
            path.chmod(mode)
        except PermissionError as exc:
            raise ImproperlyConfigured(
                f"{path} can be read by other accounts and belongs to another one: make it "
                f"this account's (chown) or run 'chmod {mode:o} {path}'."
            ) from exc


def private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) if missing; the directory itself is owner-only."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    _close_to_others(path, PRIVATE_DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make ``path`` an owner-only file, empty if it was missing (an empty file is an empty
    SQLite database); an existing one, and its SQLite journal files, are closed to others.

    SQLite gives the journal files it creates the database file's mode.
    """
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE))
    for candidate in (path, *(path.with_name(path.name + end) for end in SQLITE_COMPANIONS)):
        if candidate.exists():
            _close_to_others(candidate, PRIVATE_FILE_MODE)
    return path


@contextmanager
def private_open(path: Path) -> Iterator[BinaryIO]:
    """Open ``path`` for writing from scratch, owner-only even if it existed with another mode."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    os.fchmod(fd, PRIVATE_FILE_MODE)  # O_CREAT leaves an existing file's mode as it was
    with os.fdopen(fd, "wb") as handle:
        yield handle


def write_private(path: Path, text: str) -> None:
    with private_open(path) as handle:
        handle.write(text.encode("utf-8"))


def secret_from_file(name: str, path: Path, nbytes: int = 50) -> str:
    """Return the secret from the environment, else from ``path``, creating it once.

    A generated secret is written with owner-only permissions, so a single-server install
    needs no manual step yet never runs with a secret that is in the source code.
    """
    value = env_str(name)
    if value:
        return value
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    value = secrets.token_urlsafe(nbytes)
    # Written aside, then linked into place: the file appears whole or not at all, so a
    # thread or process starting at the same moment never reads it half-written, and the
    # one that loses the race takes the winner's secret.
    draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(value)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(draft, path)
        except FileExistsError:
            return path.read_text(encoding="utf-8").strip()
    finally:
        draft.unlink(missing_ok=True)
    return value


def audit_witness_path(data: Path) -> Path:
    """The file the audit log's signed checkpoints are appended to (``WAYPOST_AUDIT_WITNESS``).

    Default: beside the database. A witness the database's writers cannot reach is a better
    one: another disk or host, or an append-only file (docs/security/audit.md).
    """
    configured = os.environ.get("WAYPOST_AUDIT_WITNESS", "").strip()
    return Path(configured).expanduser() if configured else data / "audit-witness.jsonl"


SyslogAddress = tuple[str | tuple[str, int], socket.SocketKind]


def audit_syslog_address() -> SyslogAddress | None:
    """Where checkpoints also go by syslog (``WAYPOST_AUDIT_SYSLOG``), or None.

    ``/dev/log`` (a local socket), ``udp://HOST:PORT``, ``tcp://HOST:PORT``, or ``HOST:PORT``
    (UDP; the port defaults to 514).
    """
    raw = os.environ.get("WAYPOST_AUDIT_SYSLOG", "").strip()
    if not raw:
        return None
    if raw.startswith("/"):
        return raw, socket.SOCK_DGRAM
    scheme, separator, rest = raw.partition("://")
    if not separator:
        scheme, rest = "udp", raw
    if scheme not in ("udp", "tcp"):
        raise ImproperlyConfigured(
            f"WAYPOST_AUDIT_SYSLOG must be a socket path, udp://HOST:PORT or tcp://HOST:PORT; got {raw!r}"
        )
    host, colon, port = rest.rpartition(":")
    if not colon:
        host, port = rest, "514"
    host = host.strip("[]")
    if not host or not port.isdigit():
        raise ImproperlyConfigured(f"WAYPOST_AUDIT_SYSLOG needs a host and a port; got {raw!r}")
    kind = socket.SOCK_STREAM if scheme == "tcp" else socket.SOCK_DGRAM
    return (host, int(port)), kind
