"""Personal data at rest: values sealed with the owning organisation's data key.

A model keeps ciphertext in a binary column and exposes the clear value through a
``sealed`` property::

    class FoundPerson(ProtectedRecord):
        name_sealed = sealed_column()
        name = sealed("name_sealed", "text")

``FoundPerson(name="…")``, ``objects.create(name="…")`` and ``person.name = "…"`` all seal;
reading ``person.name`` unseals. Ciphertext layout: version byte, data key id (4 bytes),
nonce (12 bytes), AES-256-GCM ciphertext and tag. The associated data binds it to the
model and column, so a value cannot be moved to another field unnoticed, and the key id
lets key rotation re-encrypt rows without knowing their organisation.

``sealed_columns()`` finds every sealed column of every installed model, so key rotation,
retention and the plaintext checks cover them all. A property (a ``property`` subclass) rather than a model field, because
Django accepts properties as constructor arguments and a field has no access to the
row's organisation when converting values.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.db import models

from waypost.protection.keys import current_data_key, data_key

VERSION = 1
HEADER = struct.Struct(">BI")  # version, data key id


def seal(organisation_id: int, label: str, plaintext: bytes) -> bytes:
    key_id, key = current_data_key(organisation_id)
    nonce = os.urandom(12)
    return (
        HEADER.pack(VERSION, key_id) + nonce + AESGCM(key).encrypt(nonce, plaintext, label.encode())
    )


def key_id_of(ciphertext: bytes) -> int:
    return int(HEADER.unpack_from(bytes(ciphertext))[1])


def unseal(label: str, ciphertext: bytes) -> bytes:
    data = bytes(ciphertext)
    version, key_id = HEADER.unpack_from(data)
    if version != VERSION:
        raise ValueError(f"Unknown ciphertext version {version}.")
    start = HEADER.size
    return AESGCM(data_key(key_id)).decrypt(
        data[start : start + 12], data[start + 12 :], label.encode()
    )


Codec = tuple[Callable[[Any], bytes], Callable[[bytes], Any], Callable[[], Any]]
CODECS: dict[str, Codec] = {
    "text": (lambda v: str(v).encode("utf-8"), lambda b: b.decode("utf-8"), lambda: ""),
    "json": (
        lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True).encode("utf-8"),
        lambda b: json.loads(b.decode("utf-8")),
        lambda: None,
    ),
    "bytes": (lambda v: bytes(v), lambda b: b, lambda: b""),
}


@dataclass(frozen=True)
class SealedColumn:
    model: type[models.Model]
    column: str
    kind: str

    @property
    def label(self) -> str:
        return f"{self.model._meta.label_lower}.{self.column}"


def sealed_columns() -> list[SealedColumn]:
    found = []
    for model in apps.get_models():
        for name in dir(model):
            attribute = getattr(model, name, None)
            if isinstance(attribute, sealed):
                found.append(SealedColumn(model, attribute.column, attribute.kind))
    return found


def sealed_column() -> models.BinaryField:
    """The column that holds a sealed value's ciphertext (never the value)."""
    return models.BinaryField(default=b"", blank=True, editable=False)


def _organisation_of(obj: Any) -> int:
    return int(obj.organisation_id)


class sealed(property):  # noqa: N801 - used like the built-in property it extends
    """A property reading and writing ``column`` sealed for the row's organisation."""

    def __init__(
        self,
        column: str,
        kind: str = "text",
        organisation_of: Callable[[Any], int] = _organisation_of,
    ) -> None:
        encode, decode, empty = CODECS[kind]
        cache_name = f"_{column}_clear"

        def label(obj: Any) -> str:
            return f"{obj._meta.label_lower}.{column}"

        def getter(obj: Any) -> Any:
            if cache_name not in obj.__dict__:
                raw = getattr(obj, column)
                obj.__dict__[cache_name] = decode(unseal(label(obj), raw)) if raw else empty()
            return obj.__dict__[cache_name]

        def setter(obj: Any, value: Any) -> None:
            obj.__dict__[cache_name] = value
            if value is None or (kind != "json" and not value):
                setattr(obj, column, b"")
            else:
                setattr(obj, column, seal(organisation_of(obj), label(obj), encode(value)))

        super().__init__(getter, setter)
        self.column, self.kind = column, kind
