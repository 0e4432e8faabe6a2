"""Adapter between tracing records and the matching engine (STYLE 24).

Two persistent indexes: reports (what families seek) and sought-for records (found persons
and remains). A new or changed report is matched against the second; a new or changed
found person or remains against the first. The engine sees plain ``Record`` values and
ids like ``found:12``; it never sees Django models.

The index files hold the same personal data as the database, so they are protected like
it: records sealed with AES-GCM and blocking keys kept only as HMACs, under keys derived
from the master key. The files are a cache: a missing or unreadable one is rebuilt from
the database.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import transaction

from waypost.conf import private_dir, private_file
from waypost.matching import Candidate as EngineCandidate
from waypost.matching import MatchIndex, ProtectionMismatch, Record
from waypost.protection.keys import key_provider
from waypost.tracing.models import (
    FoundPerson,
    MissingPersonReport,
    PersonRecord,
    UnidentifiedRemains,
)

KIND_PREFIX = {MissingPersonReport: "report", FoundPerson: "found", UnidentifiedRemains: "remains"}
_lock = threading.Lock()


def engine_id(record: PersonRecord) -> str:
    return f"{KIND_PREFIX[type(record)]}:{record.pk}"


def parse_engine_id(value: str) -> tuple[str, int]:
    kind, _, pk = value.partition(":")
    return kind, int(pk)


def to_record(record: PersonRecord) -> Record:
    age = record.age
    if age is None and isinstance(record, UnidentifiedRemains) and record.age_min is not None:
        age = (record.age_min + (record.age_max or record.age_min)) // 2
    return Record(
        id=engine_id(record),
        name=record.name,
        sex=record.sex,
        birth_date=record.birth_date,
        age="" if age is None else str(age),
        age_date=record.age_date,
        nationality=record.nationality,
        place=record.place,
        document_number=record.document_number,
    )


def fingerprint(record: PersonRecord) -> str:
    """Changes exactly when what matching compares changes (re-opens excluded pairs).

    Keyed (HMAC), because an unkeyed hash of a name and a birth date can be reversed by
    trying likely values.
    """
    values = to_record(record).as_dict()
    values.pop("id")
    key = key_provider().derive("waypost.tracing.fingerprint")
    return hmac.new(key, repr(sorted(values.items())).encode(), hashlib.sha256).hexdigest()


class SealedIndex:
    """The index protector: AES-GCM for stored records, HMAC-SHA256 for blocking keys.

    Not ``protection.keys.secret_seal``: a query opens up to 150 records, so the cipher is
    derived once and kept here rather than derived again for every value.
    """

    name = "waypost-aesgcm-hmac-v1"
    _context = b"waypost.tracing.index"

    def __init__(self) -> None:
        provider = key_provider()
        self._aead = AESGCM(provider.derive("waypost.tracing.index.records"))
        self._mac_key = provider.derive("waypost.tracing.index.keys")

    def seal(self, data: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, data, self._context)

    def open(self, data: bytes) -> bytes:
        return self._aead.decrypt(data[:12], data[12:], self._context)

    def hide_key(self, key: str) -> str:
        return hmac.new(self._mac_key, key.encode(), hashlib.sha256).hexdigest()


@cache
def _protector() -> SealedIndex:
    return SealedIndex()


def _index_path(name: str) -> Path:
    directory = private_dir(Path(getattr(settings, "TRACING_INDEX_DIR", settings.DATA_DIR)))
    return directory / f"tracing-{name}.sqlite"


def _open(name: str) -> MatchIndex:
    """Open an index; one written unprotected (or under another key scheme) is rebuilt.

    The files are owner-only: their records are sealed, but their blocking keys and sizes
    still say something about who is sought.
    """
    path = _index_path(name)
    try:
        return MatchIndex(private_file(path), protector=_protector())
    except ProtectionMismatch:
        for leftover in path.parent.glob(f"{path.name}*"):  # the file, its -wal and -shm
            leftover.unlink()
        index = MatchIndex(private_file(path), protector=_protector())
        index.upsert_many(to_record(r) for r in _records_of(name))
        return index


def _records_of(name: str) -> Iterator[PersonRecord]:
    models: tuple[type[PersonRecord], ...] = (
        (MissingPersonReport,) if name == "reports" else (FoundPerson, UnidentifiedRemains)
    )
    for model in models:
        # System-level read for the engine's own cache, never shown to anyone.
        yield from model._default_manager.all().iterator()


def index_and_query(record: PersonRecord, top: int = 10) -> list[EngineCandidate]:
    """Put ``record`` in its index and return its best candidates from the other one."""
    own, other = (
        ("reports", "sought") if isinstance(record, MissingPersonReport) else ("sought", "reports")
    )
    engine_record = to_record(record)
    with _lock, _open(own) as own_index:
        own_index.upsert(engine_record)
    with _lock, _open(other) as other_index:
        return other_index.candidates(engine_record, top=top)


def _index_name(record: PersonRecord) -> str:
    return "reports" if isinstance(record, MissingPersonReport) else "sought"


def _remove(name: str, record_engine_id: str) -> None:
    with _lock, _open(name) as index:
        index.remove(record_engine_id)


def forget_deleted(sender: type[PersonRecord], instance: PersonRecord, **kwargs: object) -> None:
    """``post_delete`` receiver: however a record goes (erasure, retention, an organisation
    deleted), it leaves the index once the deletion is committed, never before."""
    name, record_engine_id = _index_name(instance), engine_id(instance)
    transaction.on_commit(lambda: _remove(name, record_engine_id))


def query_reports(report: MissingPersonReport, top: int = 10) -> list[EngineCandidate]:
    """Other reports like ``report`` (possible duplicates); it is in the index already,
    and the index leaves a record out of its own candidates."""
    with _lock, _open("reports") as index:
        return index.candidates(to_record(report), top=top)


def forget(record: PersonRecord) -> None:
    """Take a record out of its index once the transaction commits (a merged report)."""
    name, record_engine_id = _index_name(record), engine_id(record)
    transaction.on_commit(lambda: _remove(name, record_engine_id))
