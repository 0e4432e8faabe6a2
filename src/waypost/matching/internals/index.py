"""A persistent incremental index: add, update or remove one record, query its candidates.

Stored in one SQLite file: the records, their blocking keys (indexed), and the model. A
query computes the record's keys, fetches the records sharing one, and scores them with
the trained weights in Python (the same levels as the SQL in Splink), so it never re-runs
the whole linkage.

An application that indexes personal data passes a :class:`Protector`: records are then
stored sealed and blocking keys (which spell names and dates) only as keyed hashes, so the
file reveals nothing without the key. The engine stays free of any key management.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from waypost.matching.internals.explain import Evidence, Explainer
from waypost.matching.internals.features import LOOSE_CAP, features
from waypost.matching.internals.model import Model
from waypost.matching.internals.records import Record, validate

MAX_PER_KEY = 500
MAX_SCORED = 150
LOOSE_PREFIXES = ("y", "q", "z", "a")


@dataclass(frozen=True)
class Candidate:
    """A possible match: calibrated probability, decision and the evidence behind it."""

    id: str
    score: float
    match: bool
    explanation: str
    evidence: list[Evidence] = field(default_factory=list)
    match_weight: float = 0.0


ANY = (0, 9999)


class Protector(Protocol):
    """What the index needs to keep its file unreadable: seal/open records, hide keys."""

    name: str

    def seal(self, data: bytes) -> bytes: ...
    def open(self, data: bytes) -> bytes: ...
    def hide_key(self, key: str) -> str: ...


class ProtectionMismatch(RuntimeError):
    """The file was written with another protection (or none) than the one given."""


def index_keys(feat: dict[str, Any]) -> list[tuple[str, int, int]]:
    """The index's lookup keys with the birth-year range they accept.

    The same blocks as the batch model (:func:`features.with_block_keys`), but years are a
    range checked in the lookup instead of one key per year, to keep the index small.
    """
    names = feat["_names"]
    lo, hi = feat["by_lo"], feat["by_hi"]
    has_birth = lo is not None and hi is not None
    span = (lo, hi) if has_birth else ANY
    out: list[tuple[str, int, int]] = [(f"p:{pk}", *span) for pk in names.pair_keys]
    out += [(f"q:{pk}", *ANY) for pk in names.pair_keys + names.near_pair_keys]
    if has_birth:
        out += [(f"y:{k}" if len(k) >= 3 else f"z:{k}", lo, hi) for k in feat["tok_keys"]]
    if feat["dob"]:
        out += [(f"m:{pk}|{feat['dob'][5:]}", *ANY) for pk in names.pair_keys]
    out += [(k, *ANY) for k in feat["fixed_keys"] + feat["address_keys"]]
    return sorted(set(out))


class MatchIndex:
    """Persistent index of records for incremental matching (SQLite file at ``path``)."""

    def __init__(
        self, path: str | Path, model: Model | None = None, protector: Protector | None = None
    ) -> None:
        self.path = str(path)
        self.protector = protector
        self._db = sqlite3.connect(self.path)
        self._db.executescript(
            """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, data TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS keys (
                key TEXT NOT NULL, id TEXT NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS keys_key ON keys (key, lo, hi, id);
            CREATE INDEX IF NOT EXISTS keys_id ON keys (id);
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            """
        )
        self._check_protection()
        row = self._db.execute("SELECT value FROM meta WHERE name = 'model'").fetchone()
        if model is not None or row is None:
            self.model = model or Model.default()
            self._db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('model', ?)",
                (json.dumps(self.model.to_json()),),
            )
            self._db.commit()
        else:
            self.model = Model.from_json(json.loads(row[0]))

    def _check_protection(self) -> None:
        wanted = self.protector.name if self.protector else "none"
        row = self._db.execute("SELECT value FROM meta WHERE name = 'protection'").fetchone()
        if row is None:
            if self._db.execute("SELECT count(*) FROM records").fetchone()[0]:
                row = ("none",)  # written before protection was recorded: plain
            else:
                with self._db:
                    self._db.execute("INSERT INTO meta VALUES ('protection', ?)", (wanted,))
                return
        if row[0] != wanted:
            self._db.close()
            raise ProtectionMismatch(
                f"{self.path} was written with protection {row[0]!r}, not {wanted!r}."
            )

    def _encode(self, record: Record) -> str | bytes:
        data = json.dumps(record.as_dict(), ensure_ascii=False)
        return self.protector.seal(data.encode()) if self.protector else data

    def _decode(self, data: str | bytes) -> Record:
        if self.protector:
            data = self.protector.open(bytes(data) if isinstance(data, bytes) else data.encode())
        return Record.from_dict(json.loads(data))

    def _key(self, key: str) -> str:
        return self.protector.hide_key(key) if self.protector else key

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> MatchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM records").fetchone()[0])

    def __contains__(self, record_id: object) -> bool:
        row = self._db.execute("SELECT 1 FROM records WHERE id = ?", (record_id,)).fetchone()
        return row is not None

    def upsert(self, record: Record) -> None:
        """Add a record, or replace the record with the same id."""
        self.upsert_many([record])

    def upsert_many(self, records: Iterable[Record], batch: int = 20_000) -> int:
        """Add or replace many records (one transaction per ``batch``); return the count."""
        count = 0
        rows: list[tuple[str, str | bytes]] = []
        keys: list[tuple[str, str, int, int]] = []
        for record in records:
            record = validate(record)
            rows.append((record.id, self._encode(record)))
            keys.extend(
                (self._key(k), record.id, lo, hi) for k, lo, hi in index_keys(features(record))
            )
            count += 1
            if len(rows) >= batch:
                self._write(rows, keys)
                rows, keys = [], []
        if rows:
            self._write(rows, keys)
        return count

    def _write(
        self, rows: list[tuple[str, str | bytes]], keys: list[tuple[str, str, int, int]]
    ) -> None:
        with self._db:
            self._db.executemany("DELETE FROM keys WHERE id = ?", [(r[0],) for r in rows])
            self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?)", rows)
            self._db.executemany("INSERT INTO keys VALUES (?, ?, ?, ?)", keys)

    def remove(self, record_id: str) -> bool:
        """Remove a record; return whether it was there."""
        with self._db:
            self._db.execute("DELETE FROM keys WHERE id = ?", (record_id,))
            cur = self._db.execute("DELETE FROM records WHERE id = ?", (record_id,))
        return cur.rowcount > 0

    def get(self, record_id: str) -> Record | None:
        row = self._db.execute("SELECT data FROM records WHERE id = ?", (record_id,)).fetchone()
        return self._decode(row[0]) if row else None

    def candidates(self, record: Record, top: int = 10) -> list[Candidate]:
        """The ``top`` best candidates for ``record`` (which need not be in the index)."""
        record = validate(record)
        feat = features(record)
        hits: Counter[str] = Counter()
        for key, lo, hi in index_keys(feat):
            loose = key[0] in LOOSE_PREFIXES
            limit = LOOSE_CAP + 1 if loose else MAX_PER_KEY
            found = self._db.execute(
                "SELECT id FROM keys WHERE key = ? AND lo <= ? AND hi >= ? LIMIT ?",
                (self._key(key), hi, lo, limit),
            ).fetchall()
            if loose and len(found) > LOOSE_CAP:
                continue
            hits.update(r[0] for r in found)
        hits.pop(record.id, None)
        # score the records sharing the most keys with the query, at most MAX_SCORED
        ids = {i for i, _ in hits.most_common(MAX_SCORED)}
        if not ids:
            return []
        placeholders = ",".join("?" * len(ids))
        others = self._db.execute(
            f"SELECT data FROM records WHERE id IN ({placeholders})",  # noqa: S608 - placeholders only
            sorted(ids),
        ).fetchall()
        # Prior: even odds that the person is in the index, any record equally likely.
        self.model.lam = 0.5 / max(len(self), 1)
        scored = []
        for (data,) in others:
            other = features(self._decode(data))
            levels = self.model.levels(feat, other)
            scored.append((self.model.match_weight(levels), other, levels))
        scored.sort(key=lambda x: (-x[0], x[1]["unique_id"]))
        unlisted = sum(self.model.odds(w) for w, _, _ in scored[top:])
        scored = scored[:top]
        probs = self.model.probabilities(
            [w for w, _, _ in scored], exclusive=True, unlisted_odds=unlisted
        )
        explainer = Explainer(self.model)
        out = []
        for rank, ((weight, other, levels), prob) in enumerate(zip(scored, probs, strict=True)):
            items = explainer.evidence(feat, other, levels)
            out.append(
                Candidate(
                    id=other["unique_id"],
                    score=prob,
                    match=rank == 0 and prob >= self.model.threshold,
                    explanation="; ".join(e.text() for e in items),
                    evidence=items,
                    match_weight=weight,
                )
            )
        return out
