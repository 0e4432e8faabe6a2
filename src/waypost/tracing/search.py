"""Finding a record by name or place, in any script, through a blind index.

Names are sealed at rest, so they cannot be searched in the database as written. The
search uses the matching engine's own name keys instead (``waypost.matching.tokenize``:
each part of a name, in any script, becomes its readings in one Latin skeleton space, so
Mohamed, Muhammad and محمد all give ``MMT``). Each key of each part is kept only as a
keyed hash (``protection.keys.blind_indexer``: HMAC-SHA256 under a key derived from the
master key, one namespace per field) in ``SearchKey`` rows, with the part's position; the
query's keys are hashed the same way and looked up. Neither names nor keys are stored.

A record is found when one part of the query corresponds to one part of its name or
place; records are ranked by how many parts of the query correspond in the name, then in
the place, then by how few parts of their name are left over, newest first.

The rows follow the record: written on every create and update (``index_record``), gone
with it by the foreign key's cascade however it is deleted (erasure, retention), and
built for records stored before the index by migration ``tracing/0008`` or
``waypost tracing reindex``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet

from waypost.matching import tokenize
from waypost.protection.keys import blind_indexer
from waypost.tracing.models import (
    FoundPerson,
    MissingPersonReport,
    PersonRecord,
    SearchKey,
    UnidentifiedRemains,
)

FIELDS = ("name", "place")
# The column of SearchKey that points at each kind of record.
LINK = {MissingPersonReport: "report", FoundPerson: "found_person", UnidentifiedRemains: "remains"}
RESULTS = 200


def parts(text: str) -> list[tuple[str, ...]]:
    """The keys of each part of ``text``, as matching compares names (initials have none)."""
    return [token.keys for token in tokenize(text) if token.keys]


def digests(text: str, field: str, hide: Callable[[str], str] | None = None) -> list[set[str]]:
    """Per part of ``text``, the blind index of each of its keys."""
    hide = hide or blind_indexer(f"search-{field}")
    return [{hide(key) for key in keys} for keys in parts(text)]


def entries(
    values: dict[str, str], hiders: dict[str, Callable[[str], str]] | None = None
) -> Iterator[tuple[str, int, str]]:
    """(field, part, digest) rows for a record's ``values`` ({"name": ..., "place": ...})."""
    for field in FIELDS:
        hide = hiders[field] if hiders else None
        for part, hidden in enumerate(digests(values.get(field) or "", field, hide)):
            for digest in sorted(hidden):
                yield field, part, digest


def hiders() -> dict[str, Callable[[str], str]]:
    return {field: blind_indexer(f"search-{field}") for field in FIELDS}


@transaction.atomic
def index_record(record: PersonRecord, hide: dict[str, Callable[[str], str]] | None = None) -> int:
    """Replace the record's rows with those of its current name and place."""
    link = LINK[type(record)]
    SearchKey.objects.filter(**{link: record}).delete()
    rows = [
        SearchKey(**{link: record}, field=field, part=part, digest=digest)
        for field, part, digest in entries({"name": record.name, "place": record.place}, hide)
    ]
    SearchKey.objects.bulk_create(rows)
    return len(rows)


def index_all(models: Iterable[type[PersonRecord]] = tuple(LINK)) -> int:
    """Build the rows of every record (``waypost tracing reindex``); returns the records."""
    hide = hiders()
    count = 0
    for model in models:
        # System-level read to build the index, never shown to anyone.
        for record in model._default_manager.all().iterator(chunk_size=500):
            index_record(record, hide)
            count += 1
    return count


@dataclass
class _Hits:
    name: set[int]
    place: set[int]


def search(records: QuerySet[Any], text: str, limit: int = RESULTS) -> list[Any]:
    """The records of ``records`` (already scoped to what the caller may see) whose name or
    place shares a part with ``text``, best first."""
    model = records.model
    link = LINK[model]
    hide = hiders()
    wanted: dict[tuple[str, str], set[int]] = defaultdict(set)  # (field, digest) -> query parts
    for field in FIELDS:
        for index, hidden in enumerate(digests(text, field, hide[field])):
            for digest in hidden:
                wanted[field, digest].add(index)
    if not wanted:
        return []
    hits: dict[int, _Hits] = defaultdict(lambda: _Hits(set(), set()))
    rows = SearchKey.objects.filter(
        digest__in={digest for _, digest in wanted},
        **{f"{link}__in": records.values("pk")},
    ).values_list(f"{link}_id", "field", "digest")
    for pk, field, digest in rows:
        getattr(hits[pk], field).update(wanted.get((field, digest), ()))
    if not hits:
        return []
    name_parts = dict(
        SearchKey.objects.filter(field="name", **{f"{link}__in": list(hits)})
        .values_list(f"{link}_id")
        .annotate(n=Count("part", distinct=True))
        .values_list(f"{link}_id", "n")
    )
    created = dict(records.filter(pk__in=list(hits)).values_list("pk", "created_at"))
    best = sorted(
        created,
        key=lambda pk: (
            -len(hits[pk].name),
            -len(hits[pk].place),
            name_parts.get(pk, 0) - len(hits[pk].name),
            -created[pk].timestamp(),
            -pk,
        ),
    )[:limit]
    found = records.in_bulk(best)
    return [found[pk] for pk in best]
