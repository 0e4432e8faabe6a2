"""Per-record feature columns read by the comparisons and blocking rules."""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

import pyarrow as pa  # type: ignore[import-untyped]

from waypost.matching.internals.comparisons import (
    distinct_sorted_sql,
    letter_pair_hashes_sql,
    letter_pair_signature_sql,
    letter_pairs_by_hash_sql,
)
from waypost.matching.internals.cursors import side_by_side
from waypost.matching.internals.dates import birth_features
from waypost.matching.internals.explain import explained_values
from waypost.matching.internals.latin import fold
from waypost.matching.internals.names import NameFeatures, NameToken, full_name, name_features
from waypost.matching.internals.records import Record

_WORD = re.compile(r"[a-z0-9]+")
_DIGITS = re.compile(r"\D+")
_DOC = re.compile(r"[^A-Z0-9]+")

SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        ("name_toks", pa.list_(pa.list_(pa.string()))),
        ("name_keys", pa.list_(pa.string())),
        ("name_inits", pa.list_(pa.string())),
        ("name_marks", pa.list_(pa.string())),
        ("name_exact", pa.string()),
        ("name_grams", pa.list_(pa.string())),
        ("name_sig", pa.list_(pa.int64())),
        ("name_n", pa.int32()),
        ("name_key1", pa.string()),
        ("name_close_toks", pa.list_(pa.list_(pa.string()))),
        ("name_close_keys", pa.list_(pa.string())),
        ("name_similar_toks", pa.list_(pa.list_(pa.string()))),
        ("name_similar_keys", pa.list_(pa.string())),
        ("block_keys", pa.list_(pa.string())),
        ("dob", pa.string()),
        ("dob_y", pa.int32()),
        ("dob_m", pa.int32()),
        ("dob_d", pa.int32()),
        ("by_lo", pa.int32()),
        ("by_hi", pa.int32()),
        ("sex", pa.string()),
        ("nat", pa.string()),
        ("place", pa.string()),
        ("place_toks", pa.list_(pa.string())),
        ("place_grams", pa.list_(pa.string())),
        ("place_sig", pa.list_(pa.int64())),
        ("doc", pa.string()),
        ("phone", pa.string()),
    ]
)
# Columns computed in SQL (with_block_keys) from the others.
IN_SQL = ("block_keys", "name_grams", "name_sig", "place_grams", "place_sig")
# Rows as computed in Python: the blocking keys still in parts (see with_block_keys).
ROW_SCHEMA = pa.schema(
    [
        *(f for f in SCHEMA if f.name not in IN_SQL),
        ("fixed_keys", pa.list_(pa.string())),
        ("address_keys", pa.list_(pa.string())),
        ("name_vars", pa.list_(pa.list_(pa.string()))),
        ("tok_keys", pa.list_(pa.string())),
    ]
)


@lru_cache(maxsize=300_000)
def _names(text: str) -> NameFeatures:
    return name_features(text)


LOOSE_CAP = 40


def fixed_keys(full: str | None, marks: frozenset[str], doc: str, phone: str) -> list[str]:
    """The blocking keys that need no pair of name parts nor birth year (``d:``, ``n:``,
    ``t:``): of a full birth date, one per mark (a first letter of a name part's best
    key, or a word of the place that holds a digit); the document and phone numbers."""
    keys = [f"d:{full}|{m}" for m in marks] if full else []
    if doc:
        keys.append(f"n:{doc}")
    if len(phone) >= 6:
        keys.append(f"t:{phone}")
    return sorted(set(keys))


def address_keys(place_toks: list[str]) -> list[str]:
    """Loose ``a:`` keys: two numbers of the place (a house number and a postcode, say),
    whatever the names; of a place with many numbers, the first four."""
    numbers = [t for t in place_toks if t.isdigit()][:4]
    return [f"a:{a}|{b}" for i, a in enumerate(numbers) for b in numbers[i + 1 :]]


# Two parts' keys (NameFeatures.pair_keys, near_pair_keys): "best" when one of the two is
# a best key of the record, near when both are deletion variants.
_PAIRS_SQL = """
list_distinct(flatten(list_transform(range(1, len(name_vars) + 1), lambda i:
    flatten(list_transform(range(i + 1, len(name_vars) + 1), lambda j:
        flatten(list_transform(name_vars[i], lambda a: list_transform(
            list_filter(name_vars[j], lambda b: length(a) + length(b) >= 3
                AND (list_contains(tok_keys, a) OR list_contains(tok_keys, b)) = {best}),
            lambda b: CASE WHEN a <= b THEN a || '|' || b ELSE b || '|' || a END
        ))))))))"""

# The year-dependent keys are expanded in SQL: an estimated age carries one key per year of
# its range (``yrs``, empty without birth information), and building those strings in
# Python dominated large runs. A record without
# birth information meets the others with the same two name parts whatever their year:
# it takes the "p:" keys of the years those records have ("dated") and an undated "p:"
# key of its own for the others without birth information. It once took every year since
# 1880: on FEBRL4, its 3 % of undated records carried 54 % of all keys.
_KEYS_SQL = """
WITH f AS (
    SELECT
        wp_row, fixed_keys, address_keys, tok_keys, dob, by_lo,
        CASE WHEN by_lo IS NULL THEN [] ELSE range(by_lo, by_hi + 1) END AS yrs,
        {pair_keys} AS pair_keys,
        {near_pair_keys} AS near_pair_keys
    FROM feats
), dated AS (
    SELECT DISTINCT pk, unnest(yrs) AS y
    FROM (SELECT unnest(pair_keys) AS pk, yrs FROM f WHERE by_lo IS NOT NULL)
), undated AS (
    SELECT u.wp_row, list('p:' || u.pk || '|' || dated.y) AS keys
    FROM (SELECT wp_row, unnest(pair_keys) AS pk FROM f WHERE by_lo IS NULL) u
    JOIN dated USING (pk)
    GROUP BY u.wp_row
), k AS (
    SELECT
        f.wp_row,
        list_concat(
            fixed_keys,
            CASE WHEN dob IS NULL THEN [] ELSE
                list_transform(pair_keys, lambda pk: 'm:' || pk || '|' || substr(dob, 6)) END,
            CASE WHEN by_lo IS NULL THEN list_transform(pair_keys, lambda pk: 'p:' || pk || '|-')
                ELSE flatten(list_transform(pair_keys,
                    lambda pk: list_transform(yrs, lambda y: 'p:' || pk || '|' || y))) END,
            coalesce(undated.keys, [])
        ) AS strict_keys,
        list_concat(
            flatten(list_transform(list_filter(tok_keys, lambda t: length(t) >= 3),
                lambda t: list_transform(yrs, lambda y: 'y:' || t || '|' || y))),
            list_transform(list_concat(pair_keys, near_pair_keys), lambda pk: 'q:' || pk),
            address_keys,
            flatten(list_transform(list_filter(tok_keys, lambda t: length(t) < 3),
                lambda t: list_transform(yrs, lambda y: 'z:' || t || '|' || y)))
        ) AS loose_keys
    FROM f LEFT JOIN undated USING (wp_row)
), loose AS (
    SELECT wp_row, unnest(loose_keys) AS key FROM k
), rare AS (
    SELECT key FROM loose GROUP BY key HAVING count(*) <= {cap}
), kept AS (
    SELECT wp_row, list(key) AS keys FROM loose SEMI JOIN rare USING (key) GROUP BY wp_row
)
SELECT wp_row, {block_keys} AS block_keys
FROM k LEFT JOIN kept USING (wp_row) ORDER BY wp_row
"""

# The columns of each record alone: a projection, which keeps the rows in input order.
_RECORD_SQL = """
SELECT * {encoded}, {name_sig} AS name_sig, {place_sig} AS place_sig
FROM (SELECT *, {name_grams} AS name_grams, {place_grams} AS place_grams FROM feats)
"""
# The same with the columns hashed (ENCODED_LISTS): the letter pairs are hashed before
# their repeats are dropped, as numbers (comparisons.letter_pair_hashes_sql); the same
# hashes make the signatures and, shifted, the pairs' codes. Only a pair that starts with
# "^" would have another code (_CODE): a name or place with a "^" in it takes the pairs'
# codes as the strings give them.
_ENCODED_RECORD_SQL = """
SELECT * {encoded}, {name_sig} AS name_sig, {place_sig} AS place_sig
FROM (
    SELECT * REPLACE ({name_distinct} AS name_grams, {place_distinct} AS place_grams)
    FROM (SELECT *, {name_hashes} AS name_grams, {place_hashes} AS place_grams FROM feats)
)
"""

# The columns that the comparisons and the blocking rule only test for equality (lists of
# keys, marks, letter pairs, place words, blocking keys) go to Splink as 63-bit hashes of
# their strings: DuckDB joins on them and copies and compares their lists faster (a
# 200,000-record dedupe, the same 275,187 pairs: comparing 11.3 s -> 8.6 s, blocking
# 6.7 s -> 5.7 s). An initial's mark ("^X") becomes a negative number, everything else
# a positive one (comparisons._is_initial_sql). Two of ten million distinct keys share a
# hash with a probability of about 5e-6; the Python twin (index, explanations) compares
# the strings.
ENCODED_LISTS = (
    "name_keys",
    "name_inits",
    "name_marks",
    "name_grams",
    "name_close_keys",
    "name_similar_keys",
    "block_keys",
    "place_toks",
    "place_grams",
)
ENCODED_NESTED_LISTS = ("name_toks", "name_close_toks", "name_similar_toks")
_CODE = (
    "CASE WHEN starts_with(s, '^') THEN -1 - (hash(s) >> 1)::BIGINT ELSE (hash(s) >> 1)::BIGINT END"
)


def _encoded_list(column: str) -> str:
    return f"list_transform({column}, lambda s: {_CODE})"


def _encoded_grams(text: str, hashes: str) -> str:
    """The codes of the letter pairs of column ``text`` (:func:`_encoded_list` of them),
    in the order of their hashes (comparisons.letter_pairs_by_hash_sql), from their
    distinct hashes in column ``hashes``."""
    return (
        f"CASE WHEN contains({text}, '^') THEN {_encoded_list(letter_pairs_by_hash_sql(text))} "
        f"ELSE list_transform({hashes}, lambda h: (h >> 1)::BIGINT) END"
    )


# the record columns hashed (block_keys is made and hashed by _KEYS_SQL; the letter pairs
# are hashes already, _ENCODED_RECORD_SQL)
_ENCODED = "REPLACE ({})".format(
    ", ".join(
        [
            f"{_encoded_list(c)} AS {c}"
            for c in ENCODED_LISTS
            if c not in ("block_keys", "name_grams", "place_grams")
        ]
        + [
            f"list_transform({c}, lambda x: list_transform(x, lambda s: {_CODE})) AS {c}"
            for c in ENCODED_NESTED_LISTS
        ]
        + [
            f"{_encoded_grams('name_exact', 'name_grams')} AS name_grams",
            f"{_encoded_grams('place', 'place_grams')} AS place_grams",
        ]
    )
)


def _encoded(schema: pa.Schema) -> pa.Schema:
    def typed(f: pa.Field) -> pa.Field:
        if f.name in ENCODED_LISTS:
            return pa.field(f.name, pa.list_(pa.int64()))
        if f.name in ENCODED_NESTED_LISTS:
            return pa.field(f.name, pa.list_(pa.list_(pa.int64())))
        return f

    return pa.schema([typed(f) for f in schema])


# The tables registered for Splink (SCHEMA: the keys as strings, readable).
ENCODED_SCHEMA = _encoded(SCHEMA)


def with_block_keys(
    tables: list[pa.Table], cap: int = LOOSE_CAP, *, encoded: bool = True
) -> list[pa.Table]:
    """Complete tables of feature rows (:func:`row_table`) in one DuckDB pass: the letter
    pairs of the name and the place and their signatures, for the Dice levels
    (:func:`comparisons.letter_pairs_sql`), and the recall-oriented blocking keys; the
    key columns hashed as Splink reads them (:data:`ENCODED_LISTS`), or, not
    ``encoded``, as strings to read (:data:`SCHEMA`).

    Two records are compared when they share a key:

    - ``p:`` two name parts (one of them may be one letter off) and a compatible birth
      year: a date gives its year, an estimated age every year of its range, no birth
      information any year (so it still meets everyone with the same name);
    - ``m:`` two name parts and the same day and month (the year mistyped);
    - ``d:`` the same full birth date and a name part's first consonant or an address
      number (a name changed or badly misspelt);
    - ``n:`` / ``t:`` the same document number / phone number;
    - loose ``y:`` one informative name part (3+ consonants) and a compatible birth year;
      ``q:`` two name parts whatever the birth year, or both one letter off; ``z:`` one
      short name part (1-2 consonants) and a compatible birth year; ``a:`` two numbers
      of the place (:func:`address_keys`: the same address whatever the names and dates).

    Two parts both one letter off used to make a ``p:`` key too: on 200,000 records such
    keys made two thirds of the ``p:`` key join (16.3 million rows; 5.3 million without)
    for 0.2 % of the true pairs blocked (38,772 -> 38,709). As a loose ``q:`` key they
    still meet where few records share them.

    Loose keys rescue pairs whose dates disagree or whose names are short, but on common
    names they would compare everyone with everyone; so a loose key is used only where at
    most ``cap`` records of all the tables carry it (adaptive blocking).
    """
    import duckdb

    # wp_row numbers the records of all tables: their ids need not differ between tables
    feats = pa.concat_tables(tables)
    feats = feats.append_column("wp_row", pa.array(range(feats.num_rows), pa.int64()))
    # Two queries: the keys, which need all records, and each record's own columns.
    # One query joining the keys back to the wide rows, and sorting them into input
    # order, took a third longer (FEBRL4 0.31 s -> 0.24 s; 200,000 records 4.7 s -> 4.2 s).
    keys_sql = _KEYS_SQL.format(
        cap=int(cap),
        pair_keys=_PAIRS_SQL.format(best="true"),
        near_pair_keys=_PAIRS_SQL.format(best="false"),
        block_keys=_encoded_list("list_concat(k.strict_keys, coalesce(kept.keys, []))")
        if encoded
        else "list_concat(k.strict_keys, coalesce(kept.keys, []))",
    )
    if encoded:
        record_sql = _ENCODED_RECORD_SQL.format(
            name_hashes=letter_pair_hashes_sql("name_exact"),
            place_hashes=letter_pair_hashes_sql("place"),
            name_distinct=distinct_sorted_sql("name_grams"),
            place_distinct=distinct_sorted_sql("place_grams"),
            name_sig=letter_pair_signature_sql("name_grams", hashed=True),
            place_sig=letter_pair_signature_sql("place_grams", hashed=True),
            encoded=_ENCODED,
        )
    else:
        # the pairs in the order of their hashes: each string where its code is in the
        # encoded tables
        record_sql = _RECORD_SQL.format(
            name_grams=letter_pairs_by_hash_sql("name_exact"),
            place_grams=letter_pairs_by_hash_sql("place"),
            name_sig=letter_pair_signature_sql("name_grams"),
            place_sig=letter_pair_signature_sql("place_grams"),
            encoded="",
        )
    con = duckdb.connect()
    try:
        keys, own = side_by_side(con, {"feats": feats}, [keys_sql, record_sql])
    finally:
        con.close()
    if not own.column("wp_row").equals(keys.column("wp_row")):
        # DuckDB keeps a projection's rows in input order (preserve_insertion_order):
        # should it not, the keys would go to the wrong records
        raise RuntimeError("the feature rows came back out of order")
    schema = ENCODED_SCHEMA if encoded else SCHEMA
    out = own.append_column("block_keys", keys.column("block_keys")).select(schema.names)
    if not out.schema.equals(schema):
        # DuckDB gives these types as they are; casting when it does not costs an import
        # of pyarrow.compute where it does (0.03-0.3 s of a FEBRL4 link)
        out = out.cast(schema)
    # the rows are in input order (checked above): each table's are a slice
    starts = [0, *itertools.accumulate(t.num_rows for t in tables)]
    return [out.slice(start, end - start) for start, end in itertools.pairwise(starts)]


# A name's columns of the feature row, in ROW_SCHEMA's order (name_toks ... name_similar_keys,
# then name_vars and tok_keys), with the parts' best-key marks that its date keys take.
_NAME_COLUMNS = (
    "name_toks",
    "name_keys",
    "name_inits",
    "name_marks",
    "name_exact",
    "name_n",
    "name_key1",
    "name_close_toks",
    "name_close_keys",
    "name_similar_toks",
    "name_similar_keys",
)


class _Name(NamedTuple):
    """What a record's name gives its feature row, made once per distinct name."""

    features: NameFeatures
    columns: tuple[Any, ...]  # _NAME_COLUMNS
    variants: list[tuple[str, ...]]  # name_vars
    best_keys: list[str]  # tok_keys
    marks: frozenset[str]  # first letters of the parts' best keys (d: keys)


@lru_cache(maxsize=300_000)
def _name(text: str) -> _Name:
    names = _names(text)
    return _Name(
        names,
        (
            names.toks,
            names.keys,
            names.inits,
            [k for k in names.keys if k.startswith("^")],
            names.exact or None,
            len(names.toks),
            "|".join(sorted(t.keys[0] for t in names.tokens if t.keys)) or None,
            names.close_toks,
            names.close_keys,
            names.similar_toks,
            names.similar_keys,
        ),
        names.variants,
        names.best_keys,
        frozenset(k[0] for tok in names.tokens for k in tok.keys[:2]),
    )


class _Place(NamedTuple):
    """What a record's place gives its feature row, made once per distinct place."""

    place: str | None
    toks: list[str]
    address_keys: list[str]
    marks: frozenset[str]  # its words that hold a digit (d: keys)


@lru_cache(maxsize=300_000)
def _place(text: str) -> _Place:
    place = " ".join(_WORD.findall(fold(text)))
    toks = sorted(set(place.split())) if place else []
    # the place's words are letters and digits ([a-z0-9]+): any but letters holds a digit
    return _Place(
        place or None, toks, address_keys(toks), frozenset(t for t in toks if not t.isalpha())
    )


def _row(record: Record) -> tuple[Any, ...]:
    """The feature row of one (validated) record, in ROW_SCHEMA's order, and its name.

    A batch has fewer distinct names, birth dates and places than records: each is
    made once (:func:`_name`, :func:`_place`, ``birth_features``), and a record's row
    only gathers them. Made as dicts, record by record, the rows of FEBRL4's 10,000
    records, their names already made, took 0.31-0.37 s of CPU in one process (on a
    loaded machine); gathered, 0.17-0.24 s (feature_rows).
    """
    name = _name(full_name(record.name, record.given_name, record.family_name))
    birth = birth_features(record.birth_date, record.age, record.age_date)
    place = _place(record.place)
    doc = _DOC.sub("", record.document_number.upper()) if record.document_number else ""
    phone = _DIGITS.sub("", record.phone)[-9:] if record.phone else ""
    full = birth.full
    return (
        record.id,
        *name.columns,
        full,
        birth.year,
        birth.month,
        birth.day,
        birth.year_lo,
        birth.year_hi,
        record.sex or None,
        record.nationality or None,
        place.place,
        place.toks,
        doc or None,
        phone if len(phone) >= 6 else None,
        fixed_keys(full, name.marks | place.marks if full else frozenset(), doc, phone),
        place.address_keys,
        name.variants,
        name.best_keys,
        name,
    )


def features(record: Record) -> dict[str, Any]:
    """The feature row of one (validated) record, with the parts of its blocking keys."""
    *values, name = _row(record)
    row = dict(zip(ROW_SCHEMA.names, values, strict=True))
    row["_record"] = record
    row["_names"] = name.features
    row["_tokens"] = name.features.tokens
    return row


def feature_rows(records: Sequence[Record]) -> tuple[pa.Table, list[tuple[NameToken, ...]]]:
    """The feature rows of records (:func:`row_table`), and the name parts of each, which
    are all that explanations read beyond the record (see :func:`explained`)."""
    if not records:
        return ROW_SCHEMA.empty_table(), []
    *columns, names = zip(*map(_row, records), strict=True)
    table = pa.Table.from_arrays(
        [
            pa.array(values, type=field.type)
            for values, field in zip(columns, ROW_SCHEMA, strict=True)
        ],
        schema=ROW_SCHEMA,
    )
    return table, [name.features.tokens for name in names]


def explained(record: Record, tokens: tuple[NameToken, ...]) -> dict[str, Any]:
    """The part of a feature row that :class:`explain.Explainer` reads, and the words
    its batch templates read (:func:`explain.explained_values`): a batch keeps only this
    of each record once its rows are in the database."""
    return explained_values(record, tokens)


class _NoPandasYet:
    """An import hook under which ``import pandas`` fails (see :func:`arrow_without_pandas`)."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "pandas":
            raise ModuleNotFoundError("not while pyarrow looks for it", name=name)


def arrow_without_pandas() -> None:
    """Have pyarrow take lists for lists without importing pandas, in a process that
    has not imported pandas.

    The first time pyarrow converts Python values (``pa.array``), it imports pandas to
    recognise pandas objects: 0.4-1.3 s of a FEBRL4 ``waypost match link``, paid again
    in each forked share of the feature rows (:mod:`shares`), and Waypost gives it
    lists only. Here pyarrow looks while the import fails, and remembers pandas as
    absent for that check. Asking pyarrow for pandas explicitly (``Table.to_pandas``)
    still imports it, and from then on pyarrow recognises pandas objects again.
    """
    if "pandas" in sys.modules:
        return
    hook = _NoPandasYet()
    sys.meta_path.insert(0, hook)
    try:
        pa.array([])
    finally:
        sys.meta_path.remove(hook)


_ROW_VALUES = itemgetter(*ROW_SCHEMA.names)


def row_table(rows: list[dict[str, Any]]) -> pa.Table:
    """The feature rows as an Arrow table of :data:`ROW_SCHEMA`.

    Column by column from one pass over the rows: ``Table.from_pylist`` looked each
    column up in each row apart (200,000 rows, three runs: 4.1-4.9 s -> 3.4-3.8 s).
    """
    if not rows:
        return ROW_SCHEMA.empty_table()
    columns = zip(*map(_ROW_VALUES, rows), strict=True)
    return pa.Table.from_arrays(
        [
            pa.array(values, type=field.type)
            for values, field in zip(columns, ROW_SCHEMA, strict=True)
        ],
        schema=ROW_SCHEMA,
    )
