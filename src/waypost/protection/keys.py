"""Keys: a master key from outside the database, and per-organisation data keys under it.

Envelope encryption: each organisation's personal data is encrypted with its own random
data key; data keys are stored only wrapped (AES-GCM) by the master key. The master key
comes from ``WAYPOST_MASTER_KEY`` (base64), ``WAYPOST_MASTER_KEY_FILE``, or a key file
generated once in the data directory. ``KeyProvider`` is the hook for an external KMS:
set ``WAYPOST_KEY_PROVIDER`` to the dotted path of a class with the same two methods.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from waypost.conf import env_str, secret_from_file

if TYPE_CHECKING:
    from waypost.protection.models import DataKey


class KeyProvider(Protocol):
    def wrap(self, data_key: bytes, context: bytes) -> bytes: ...
    def unwrap(self, wrapped: bytes, context: bytes) -> bytes: ...
    def derive(self, purpose: str) -> bytes: ...


class LocalKeyProvider:
    """The master key lives in the environment or in a 0600 file beside the database."""

    def __init__(self) -> None:
        raw = secret_from_file(
            "WAYPOST_MASTER_KEY", Path(settings.DATA_DIR) / "master_key", nbytes=32
        )
        key = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        if len(key) < 32:
            raise ValueError("WAYPOST_MASTER_KEY must hold at least 32 bytes, base64-encoded.")
        self._key = key[:32]

    def wrap(self, data_key: bytes, context: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + AESGCM(self._key).encrypt(nonce, data_key, context)

    def unwrap(self, wrapped: bytes, context: bytes) -> bytes:
        return AESGCM(self._key).decrypt(wrapped[:12], wrapped[12:], context)

    def derive(self, purpose: str) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(
            self._key
        )


@cache
def key_provider() -> KeyProvider:
    dotted = env_str("WAYPOST_KEY_PROVIDER")
    provider: KeyProvider = import_string(dotted)() if dotted else LocalKeyProvider()
    return provider


_unwrapped: dict[int, tuple[int, bytes]] = {}  # key id -> (organisation id, key)
_lock = threading.Lock()


def _context(organisation_id: int, version: int) -> bytes:
    return f"waypost.data-key:{organisation_id}:{version}".encode()


def current_data_key(organisation_id: int) -> tuple[int, bytes]:
    """(key id, key) of the organisation's active data key, creating it on first use."""
    from waypost.protection.models import DataKey

    key = DataKey.objects.filter(organisation_id=organisation_id, active=True).first()
    if key is None:
        try:
            key = _create_data_key(organisation_id)
        except IntegrityError:
            # Another request created the first key at the same moment (on PostgreSQL,
            # where nothing locks a row that does not exist yet): use that one.
            key = DataKey.objects.get(organisation_id=organisation_id, active=True)
    return key.key_id, data_key(key.key_id)


@transaction.atomic
def _create_data_key(organisation_id: int) -> DataKey:
    from waypost.protection.models import DataKey

    existing = (
        DataKey.objects.select_for_update()
        .filter(organisation_id=organisation_id, active=True)
        .first()
    )
    if existing is not None:
        return existing
    version = DataKey.objects.filter(organisation_id=organisation_id).count() + 1
    return DataKey.objects.create(
        organisation_id=organisation_id,
        version=version,
        wrapped=key_provider().wrap(os.urandom(32), _context(organisation_id, version)),
        active=True,
    )


def data_key(key_id: int) -> bytes:
    return data_key_of(key_id)[1]


def data_key_of(key_id: int) -> tuple[int, bytes]:
    """(organisation id, key) of a data key; ``LookupError`` if there is no such key.

    The organisation is the one the key was wrapped for (it is in the wrapping's
    associated data), so a key row moved to another organisation does not unwrap.
    """
    with _lock:
        if key_id in _unwrapped:
            return _unwrapped[key_id]
    from waypost.protection.models import DataKey

    row = DataKey.objects.filter(key_id=key_id).first()
    if row is None:
        raise LookupError(f"No data key {key_id}.")
    key = key_provider().unwrap(bytes(row.wrapped), _context(row.organisation_id, row.version))
    with _lock:
        _unwrapped[key_id] = (row.organisation_id, key)
    return row.organisation_id, key


def forget_cached_keys() -> None:
    with _lock:
        _unwrapped.clear()


SECRET_VERSION = 1


def secret_seal(purpose: str, plaintext: bytes, context: bytes) -> bytes:
    """Seal a server-side secret that belongs to no organisation (e.g. a TOTP key).

    AES-256-GCM under a key derived from the master key for ``purpose``; ``context`` is
    the associated data that binds the value to its place (e.g. its owner), so a sealed
    value copied to another row does not open. Layout: version byte, nonce, ciphertext
    and tag. Like everything under the master key, the database alone never opens it.
    """
    nonce = os.urandom(12)
    aead = AESGCM(key_provider().derive(purpose))
    return bytes([SECRET_VERSION]) + nonce + aead.encrypt(nonce, plaintext, context)


def secret_unseal(purpose: str, sealed: bytes, context: bytes) -> bytes:
    """Open what ``secret_seal`` sealed; raises ``InvalidTag`` if it was changed or moved."""
    data = bytes(sealed)
    if not data or data[0] != SECRET_VERSION:
        raise ValueError("Unknown sealed secret version.")
    aead = AESGCM(key_provider().derive(purpose))
    return aead.decrypt(data[1:13], data[13:], context)


def blind_index(value: str, *, kind: str) -> str:
    """A keyed hash of a normalised value, for exact search without storing the value.

    ``kind`` separates namespaces (a phone number and a document number never collide).
    """
    return blind_indexer(kind)(value)


def blind_indexer(kind: str) -> Callable[[str], str]:
    """``blind_index`` for many values of one ``kind``, the key derived once for all."""
    key = key_provider().derive("waypost.blind-index")

    def index(value: str) -> str:
        normalised = "".join(value.split()).casefold()
        if kind == "phone":
            normalised = "".join(ch for ch in normalised if ch.isdigit())
        if not normalised:
            return ""
        return hmac.new(key, f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()

    return index
