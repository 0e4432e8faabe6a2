"""Signed checkpoints of the audit log, kept outside the database.

A hash chain alone shows that entries were changed or removed in the middle, but not that
the end was cut off: whoever can write the database can delete the last entries and set
the head back, or empty the log. As Certificate Transparency logs do, Waypost therefore
signs checkpoints (how many entries, the last entry's hash, when) and hands them to a
witness the database's writers cannot reach: a file appended to (``WAYPOST_AUDIT_WITNESS``)
and, when ``WAYPOST_AUDIT_SYSLOG`` is set, a syslog server. ``waypost audit verify`` then
checks the log against every checkpoint: a log that is shorter than one, or whose entry at
a checkpoint's size has another hash, was rewound or rewritten.

Checkpoints are signed with Ed25519 under a key derived from the master key, so they
cannot be forged without it, and anyone holding the public key (``waypost audit
public-key``) can check them without it. This module knows nothing of the database;
``audit.py`` decides what to witness.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from logging.handlers import SysLogHandler
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

from waypost.protection.keys import key_provider

logger = logging.getLogger(__name__)

LOG_NAME = "waypost-audit"
# Reading the end of the witness finds its last line without reading years of checkpoints.
TAIL_BYTES = 8192


@dataclass(frozen=True)
class Checkpoint:
    """The audit log had ``size`` entries, the last of them hashing to ``head``, at ``at``."""

    size: int
    head: str
    at: str
    key: str
    signature: str

    def message(self) -> bytes:
        return signed_message(self.size, self.head, self.at)

    def line(self) -> str:
        record = {
            "log": LOG_NAME,
            "size": self.size,
            "head": self.head,
            "at": self.at,
            "key": self.key,
            "sig": self.signature,
        }
        return json.dumps(record, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class BadCheckpoint:
    """A line that claims to be one of this installation's checkpoints but is not."""

    source: str
    line_number: int
    reason: str


def signed_message(size: int, head: str, at: str) -> bytes:
    return f"{LOG_NAME}-checkpoint\n{size}\n{head}\n{at}\n".encode()


def _signing_key() -> Ed25519PrivateKey:
    # HKDF output is uniformly random: a valid Ed25519 seed as it is.
    return Ed25519PrivateKey.from_private_bytes(key_provider().derive("waypost.audit.checkpoint"))


def public_key() -> Ed25519PublicKey:
    return _signing_key().public_key()


def _raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_key_text() -> str:
    """The public key, base64 (raw 32 bytes), for a witness that checks signatures itself."""
    return base64.b64encode(_raw(public_key())).decode()


def key_id(key: Ed25519PublicKey | None = None) -> str:
    return hashlib.sha256(_raw(key or public_key())).hexdigest()[:16]


def checkpoint_sign(*, size: int, head: str, at: datetime) -> Checkpoint:
    stamp = at.isoformat()
    signature = _signing_key().sign(signed_message(size, head, stamp))
    return Checkpoint(
        size=size,
        head=head,
        at=stamp,
        key=key_id(),
        signature=base64.b64encode(signature).decode(),
    )


def _parse(text: str, key: Ed25519PublicKey, kid: str) -> Checkpoint | str | None:
    """A checkpoint of this installation; a reason if it claims to be one but is not;
    None if the line is something else (a syslog line of another program, another
    installation's checkpoint)."""
    start = text.find("{")
    if start < 0 or LOG_NAME not in text:
        return None
    try:
        # raw_decode: whatever a syslog server adds after the checkpoint is not part of it.
        record, _end = json.JSONDecoder().raw_decode(text, start)
    except ValueError:
        return "not a complete checkpoint"
    if not isinstance(record, dict) or record.get("log") != LOG_NAME:
        return None
    if record.get("key") != kid:
        return None  # signed under another master key: another installation's
    try:
        checkpoint = Checkpoint(
            size=int(record["size"]),
            head=str(record["head"]),
            at=str(record["at"]),
            key=str(record["key"]),
            signature=str(record["sig"]),
        )
        key.verify(base64.b64decode(checkpoint.signature), checkpoint.message())
    except (KeyError, TypeError, ValueError, InvalidSignature):
        return "its signature does not match (written or changed by someone without the key)"
    return checkpoint


def checkpoints_read(path: Path) -> Iterator[Checkpoint | BadCheckpoint]:
    """Every checkpoint in ``path`` (the witness file, or lines exported from syslog)."""
    if not path.exists():
        return
    key = public_key()
    kid = key_id(key)
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.endswith("\n"):
                break  # a write cut short by a crash: never a completed checkpoint
            parsed = _parse(text, key, kid)
            if isinstance(parsed, str):
                yield BadCheckpoint(str(path), number, parsed)
            elif parsed is not None:
                yield parsed


def checkpoint_last(path: Path) -> Checkpoint | BadCheckpoint | None:
    """The last checkpoint in the witness file, reading only its end."""
    if not path.exists():
        return None
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        end = handle.tell()
        handle.seek(max(0, end - TAIL_BYTES))
        tail = handle.read().decode("utf-8", errors="replace")
    complete = tail[: tail.rfind("\n") + 1]
    key = public_key()
    kid = key_id(key)
    for text in reversed(complete.splitlines()):
        parsed = _parse(text, key, kid)
        if isinstance(parsed, str):
            return BadCheckpoint(str(path), 0, parsed)
        if parsed is not None:
            return parsed
    return None


def witness_path() -> Path:
    return Path(settings.AUDIT_WITNESS_PATH)


def checkpoint_append(checkpoint: Checkpoint) -> None:
    """Append to the witness file (created 0600) and, if configured, send to syslog."""
    path = witness_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # One write of one line to a file opened for appending: concurrent writers (several
    # server processes) never interleave within a line.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (checkpoint.line() + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    sender = _syslog()
    if sender is not None:
        sender.info("%s %s", LOG_NAME, checkpoint.line())


_syslog_senders: dict[object, logging.Logger] = {}


def _syslog() -> logging.Logger | None:
    """A logger writing to the configured syslog only; None when none is configured or it
    cannot be reached now (tried again at the next checkpoint)."""
    configured = settings.AUDIT_SYSLOG
    if not configured:
        return None
    if configured in _syslog_senders:
        return _syslog_senders[configured]
    target, kind = configured
    try:
        handler = SysLogHandler(address=target, socktype=kind)
    except OSError:
        logger.exception("The audit syslog witness cannot be reached")
        return None
    handler.setFormatter(logging.Formatter("waypost: %(message)s"))
    sender = logging.getLogger(f"waypost-audit-witness-{len(_syslog_senders)}")
    sender.propagate = False  # only to the witness: never the console log, never twice
    sender.setLevel(logging.INFO)
    sender.addHandler(handler)
    _syslog_senders[configured] = sender
    return sender


def checkpoints_all(extra: Iterable[Path] = ()) -> list[Checkpoint | BadCheckpoint]:
    """The checkpoints of the witness file and of any other copies given (e.g. syslog's)."""
    found: list[Checkpoint | BadCheckpoint] = []
    for path in (witness_path(), *extra):
        found.extend(checkpoints_read(path))
    return found
