"""Adapter between tracing records and the matching engine (STYLE 24).

Two persistent indexes: reports (what families seek) and sought-for records (found persons
and remains). A new or changed report is matched against the second; a new or changed
found person or remains against the first. The engine sees plain ``Record`` values and
ids like ``found:12``; it never sees Django models.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from django.conf import settings

from waypost.matching import Candidate as EngineCandidate
from waypost.matching import MatchIndex, Record
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
    """Changes exactly when what matching compares changes (re-opens excluded pairs)."""
    values = to_record(record).as_dict()
    values.pop("id")
    return hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest()


def _index_path(name: str) -> Path:
    directory = Path(getattr(settings, "TRACING_INDEX_DIR", settings.DATA_DIR))
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"tracing-{name}.sqlite"


def index_and_query(record: PersonRecord, top: int = 10) -> list[EngineCandidate]:
    """Put ``record`` in its index and return its best candidates from the other one."""
    own, other = (
        ("reports", "sought") if isinstance(record, MissingPersonReport) else ("sought", "reports")
    )
    engine_record = to_record(record)
    with _lock, MatchIndex(_index_path(own)) as own_index:
        own_index.upsert(engine_record)
    with _lock, MatchIndex(_index_path(other)) as other_index:
        return other_index.candidates(engine_record, top=top)


def remove(record: PersonRecord) -> None:
    name = "reports" if isinstance(record, MissingPersonReport) else "sought"
    with _lock, MatchIndex(_index_path(name)) as index:
        index.remove(engine_id(record))
