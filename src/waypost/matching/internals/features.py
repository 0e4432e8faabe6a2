"""Per-record feature columns read by the comparisons and blocking rules."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

from waypost.matching.internals.dates import BirthFeatures, birth_features, current_year
from waypost.matching.internals.latin import fold
from waypost.matching.internals.names import NameFeatures, full_name, name_features
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
        ("name_exact", pa.string()),
        ("name_n", pa.int32()),
        ("name_key1", pa.string()),
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
        ("doc", pa.string()),
        ("phone", pa.string()),
    ]
)


@lru_cache(maxsize=300_000)
def _names(text: str) -> NameFeatures:
    return name_features(text)


FIRST_YEAR = 1880


def block_keys(
    names: NameFeatures, birth: BirthFeatures, place_toks: list[str], record: Record
) -> tuple[list[str], list[str]]:
    """Recall-oriented blocking keys, strict and loose (see :func:`add_loose_keys`).

    Two records are compared when they share a key:

    - ``p:`` two name parts (with one-letter tolerance) and a compatible birth year: a
      date gives its year, an estimated age every year of its range, no birth information
      every year (so it still meets everyone with the same name);
    - ``m:`` two name parts and the same day and month (the year mistyped);
    - ``y:`` one informative name part (3+ consonants) and a compatible birth year;
    - ``d:`` the same full birth date and a name part's first consonant or an address
      number (a name changed or badly misspelt);
    - ``n:`` / ``t:`` the same document number / phone number;
    - loose ``q:`` two name parts whatever the birth year; ``z:`` one short name part
      (1-2 consonants) and a compatible birth year.
    """
    if birth.year is not None:
        years: range | list[int] = [birth.year]
    elif birth.year_lo is not None and birth.year_hi is not None:
        years = range(birth.year_lo, birth.year_hi + 1)
    else:
        years = range(FIRST_YEAR, current_year() + 1)
    keys = [f"p:{pk}|{y}" for pk in names.pair_keys for y in years]
    loose = [f"q:{pk}" for pk in names.pair_keys]
    full = birth.full
    if full:
        keys += [f"m:{pk}|{full[5:]}" for pk in names.pair_keys]
    if birth.year_lo is not None and birth.year_hi is not None:
        tok_keys = {k for tok in names.tokens for k in tok.keys[:2]}
        keys += [f"y:{k}|{y}" for k in tok_keys if len(k) >= 3 for y in years]
        loose += [f"z:{k}|{y}" for k in tok_keys if len(k) < 3 for y in years]
    if full:
        marks = {k[0] for tok in names.tokens for k in tok.keys[:2]}
        marks.update(t for t in place_toks if any(ch.isdigit() for ch in t))
        keys += [f"d:{full}|{m}" for m in marks]
    doc = _DOC.sub("", record.document_number.upper())
    if doc:
        keys.append(f"n:{doc}")
    phone = _DIGITS.sub("", record.phone)[-9:]
    if len(phone) >= 6:
        keys.append(f"t:{phone}")
    return sorted(set(keys)), sorted(set(loose))


LOOSE_CAP = 40


def add_loose_keys(feats: Iterable[dict[str, Any]], cap: int = LOOSE_CAP) -> None:
    """Adaptive blocking: keep each record's loose keys that are rare in this data.

    Loose keys (two name parts whatever the birth year; one short name part and a
    birth year) rescue pairs whose dates disagree or whose names are short, but on common
    names they would compare everyone with everyone; so a loose key is used only where at
    most ``cap`` records carry it.
    """
    feats = list(feats)
    counts = Counter(k for f in feats for k in f["_loose"])
    for f in feats:
        extra = [k for k in f["_loose"] if counts[k] <= cap]
        if extra:
            f["block_keys"] = sorted({*f["block_keys"], *extra})


def features(record: Record, blocking: bool = True) -> dict[str, Any]:
    """The feature row of one (validated) record (``blocking=False``: no blocking keys)."""
    names = _names(full_name(record.name, record.given_name, record.family_name))
    birth = birth_features(record.birth_date, record.age, record.age_date)
    place = " ".join(_WORD.findall(fold(record.place)))
    place_toks = sorted(set(place.split())) if place else []
    block, loose = block_keys(names, birth, place_toks, record) if blocking else ([], [])
    phone = _DIGITS.sub("", record.phone)[-9:]
    return {
        "_record": record,
        "_names": names,
        "unique_id": record.id,
        "name_toks": names.toks,
        "name_keys": names.keys,
        "name_inits": names.inits,
        "name_exact": names.exact or None,
        "name_n": len(names.toks),
        "name_key1": "|".join(sorted(t.keys[0] for t in names.tokens if t.keys)) or None,
        "block_keys": block,
        "_loose": loose,
        "dob": birth.full,
        "dob_y": birth.year,
        "dob_m": birth.month,
        "dob_d": birth.day,
        "by_lo": birth.year_lo,
        "by_hi": birth.year_hi,
        "sex": record.sex or None,
        "nat": record.nationality or None,
        "place": place or None,
        "place_toks": place_toks,
        "doc": _DOC.sub("", record.document_number.upper()) or None,
        "phone": phone if len(phone) >= 6 else None,
    }


def feature_table(records: Iterable[Record]) -> pa.Table:
    """Arrow table of feature rows, ready to register with Splink's database API."""
    rows = [features(r) for r in records]
    return pa.Table.from_pylist(rows, schema=SCHEMA)
