"""Personal data at rest: values sealed with the owning organisation's data key.

A model keeps ciphertext in a binary column and exposes the clear value through a
``sealed`` property; it also has a ``seal_id``, the row's own random identity::

    class FoundPerson(ProtectedRecord):
        seal_id = seal_id_column()  # ProtectedRecord has it already
        name_sealed = sealed_column()
        name = sealed("name_sealed", "text")

``FoundPerson(name="…")``, ``objects.create(name="…")`` and ``person.name = "…"`` all seal;
reading ``person.name`` unseals. Ciphertext layout: version byte, data key id (4 bytes),
nonce (12 bytes), AES-256-GCM ciphertext and tag. The associated data binds the value to
its place: model and column, organisation, and row (its ``seal_id``), so a value copied
to another column, another organisation's row or another row of the same organisation
does not open, and says so (``SealBroken``, audited). The key id lets key rotation find
values under old keys, and a key opens only its own organisation's values.

The row is named by ``seal_id`` rather than its primary key because values are sealed
as they are assigned, often before the row is inserted and has a key; ``seal_id`` is set
when the model is built and never changes.

Version 1 values (sealed before rows were bound: model and column only) still open, in
their organisation's rows only, until ``waypost keys rotate`` re-seals them as version 2.

``sealed_columns()`` finds every sealed column of every installed model, so key rotation,
retention and the plaintext checks cover them all. A property (a ``property`` subclass)
rather than a model field, because Django accepts properties as constructor arguments and
a field has no access to the row's organisation when converting values.
"""

from __future__ import annotations

import json
import os
import struct
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypost.protection.keys import current_data_key, data_key_of

VERSION_UNBOUND = 1  # associated data: model and column
VERSION = 2  # associated data: model and column, organisation, row
HEADER = struct.Struct(">BI")  # version, data key id
NONCE_BYTES = 12


class SealBroken(Exception):  # noqa: N818 - reads as what happened, like InvalidTag
    """A sealed value does not open where it is: moved from another column, organisation or
    row, altered, or sealed under a key that is not its organisation's."""


@dataclass(frozen=True)
class Place:
    """Where a value is sealed: what its associated data binds it to."""

    label: str  # model.column
    organisation_id: int
    seal_id: uuid.UUID

    def associated_data(self, version: int) -> bytes:
        if version == VERSION_UNBOUND:
            return self.label.encode()
        return f"{self.label}|{self.organisation_id}|{self.seal_id.hex}".encode()


def seal(place: Place, plaintext: bytes, *, key: tuple[int, bytes] | None = None) -> bytes:
    """Seal ``plaintext`` for ``place`` under the organisation's active data key, or under
    ``key`` (id, key) when the caller already holds it (key rotation, value after value)."""
    key_id, key_bytes = key or current_data_key(place.organisation_id)
    nonce = os.urandom(NONCE_BYTES)
    sealed_value = AESGCM(key_bytes).encrypt(nonce, plaintext, place.associated_data(VERSION))
    return HEADER.pack(VERSION, key_id) + nonce + sealed_value


def header_of(ciphertext: bytes) -> tuple[int, int]:
    """(version, data key id) of a sealed value."""
    version, key_id = HEADER.unpack_from(bytes(ciphertext))
    return int(version), int(key_id)


def key_id_of(ciphertext: bytes) -> int:
    return header_of(ciphertext)[1]


def unseal(place: Place, ciphertext: bytes) -> bytes:
    """The clear value, or ``SealBroken`` if ``ciphertext`` does not belong in ``place``."""
    data = bytes(ciphertext)
    try:
        version, key_id = header_of(data)
    except struct.error as exc:
        raise SealBroken(f"{place.label}: not a sealed value.") from exc
    if version not in (VERSION_UNBOUND, VERSION):
        raise SealBroken(f"{place.label}: unknown ciphertext version {version}.")
    try:
        owner, key = data_key_of(key_id)
    except (LookupError, InvalidTag) as exc:  # no such key, or its row was altered
        raise SealBroken(f"{place.label}: sealed under an unknown data key.") from exc
    if owner != place.organisation_id:
        raise SealBroken(f"{place.label}: sealed for another organisation.")
    start = HEADER.size
    try:
        return AESGCM(key).decrypt(
            data[start : start + NONCE_BYTES],
            data[start + NONCE_BYTES :],
            place.associated_data(version),
        )
    except InvalidTag as exc:
        raise SealBroken(f"{place.label}: sealed for another row or column, or altered.") from exc


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
    attribute: str  # the ``sealed`` property
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
                found.append(SealedColumn(model, name, attribute.column, attribute.kind))
    return found


def sealed_column() -> models.BinaryField:
    """The column that holds a sealed value's ciphertext (never the value)."""
    return models.BinaryField(default=b"", blank=True, editable=False)


def seal_id_column() -> models.UUIDField:
    """The row's own random identity, bound into each of its sealed values (see above).

    Every model with a ``sealed`` property has one, named ``seal_id``.
    """
    return models.UUIDField(
        _("seal id"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Binds the row's encrypted values to it."),
    )


def _organisation_of(obj: Any) -> int:
    return int(obj.organisation_id)


class sealed(property):  # noqa: N801 - used like the built-in property it extends
    """A property reading and writing ``column`` sealed for the row's organisation and row.

    A value that does not open where it is raises ``SealBroken``, after an audit entry
    naming the row and column (the entry is lost with the transaction if the error then
    rolls one back; pages and API reads run outside transactions).
    """

    def __init__(
        self,
        column: str,
        kind: str = "text",
        organisation_of: Callable[[Any], int] = _organisation_of,
    ) -> None:
        encode, decode, empty = CODECS[kind]
        cache_name = f"_{column}_clear"

        def getter(obj: Any) -> Any:
            if cache_name not in obj.__dict__:
                raw = getattr(obj, column)
                obj.__dict__[cache_name] = decode(self.open(obj, raw)) if raw else empty()
            return obj.__dict__[cache_name]

        def setter(obj: Any, value: Any) -> None:
            obj.__dict__[cache_name] = value
            if value is None or (kind != "json" and not value):
                setattr(obj, column, b"")
            else:
                setattr(obj, column, seal(self.place(obj), encode(value)))

        super().__init__(getter, setter)
        self.column, self.kind, self.organisation_of = column, kind, organisation_of
        self.name = column

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def place(self, obj: Any) -> Place:
        return Place(
            f"{obj._meta.label_lower}.{self.column}", self.organisation_of(obj), obj.seal_id
        )

    def open(self, obj: Any, ciphertext: bytes) -> bytes:
        """Unseal ``ciphertext`` as this property of ``obj``; audit and raise if it is not its."""
        try:
            return unseal(self.place(obj), ciphertext)
        except SealBroken:
            seal_broken_audit(obj, self)
            raise


def seal_broken_audit(obj: Any, prop: sealed) -> None:
    """Put a value that does not open in its place on the audit log: row and field only."""
    # Imported here: the audit module imports the models, which import this one.
    from waypost.protection.audit import audit_record

    audit_record(
        actor=None,
        action="waypost.keys.seal_broken",
        record=obj,
        fields=[prop.name],
        detail={"organisation_id": prop.organisation_of(obj)},
    )


def reseal_for_owner(obj: models.Model, organisation_id: int) -> list[str]:
    """Hand a row to another organisation: open each sealed value where it is, make
    ``organisation_id`` the owner and seal every value again under that organisation's
    key (the row keeps its ``seal_id``). The caller saves the row; the names of the sealed
    properties are returned for its audit entry.

    Every value is opened before the owner changes, so a value that does not open
    (``SealBroken``) stops the move with nothing changed; values whose property names its
    organisation some other way than ``organisation_id`` are refused.
    """
    model = type(obj)
    properties = [
        attribute
        for name in dir(model)
        if isinstance(attribute := getattr(model, name, None), sealed)
    ]
    if any(prop.organisation_of is not _organisation_of for prop in properties):
        raise ValueError(f"{model._meta.label}: sealed for an organisation other than its owner.")
    clear = [(prop, prop.fget(obj)) for prop in properties]  # type: ignore[misc]
    obj.organisation_id = organisation_id  # type: ignore[attr-defined]
    for prop, value in clear:
        prop.fset(obj, value)  # type: ignore[misc]
    return sorted(prop.name for prop in properties)
