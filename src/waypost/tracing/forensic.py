"""Antemortem and postmortem data: their shape, vocabularies and validation, in one place.

A report's ``antemortem`` (ICRC AM form, INTERPOL DVI yellow form) and remains'
``postmortem`` (DVI pink form) are sealed JSON objects of the shape documented in
docs/tracing.md ("Antemortem and postmortem data"). The API, the pages and the comparison of
AM with PM data all read and write them through this module: ``antemortem_clean`` and
``postmortem_clean`` return the normalised object or raise ``Invalid`` with the messages of
each invalid part, by path (``{"dental": {"19": [...]}}``), and nothing is stored.

Plain Python (Django only to mark messages for translation): the codes are here, their labels (translated) in ``tracing/vocabularies.py``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils.translation import gettext_noop

# FDI (ISO 3950) two-digit tooth numbers: quadrant then position from the midline.
# Permanent teeth: quadrants 1-4 (upper right, upper left, lower left, lower right),
# positions 1-8; primary teeth: quadrants 5-8, positions 1-5.
PERMANENT_TEETH = tuple(str(q * 10 + p) for q in (1, 2, 3, 4) for p in range(1, 9))
PRIMARY_TEETH = tuple(str(q * 10 + p) for q in (5, 6, 7, 8) for p in range(1, 6))
TEETH = PERMANENT_TEETH + PRIMARY_TEETH

# The dental chart as the examiner faces the mouth: the person's right on the left.
# Upper jaw 18..11 | 21..28, lower jaw 48..41 | 31..38.
CHART_ROWS = (
    (tuple(str(18 - i) for i in range(8)), tuple(str(21 + i) for i in range(8))),
    (tuple(str(48 - i) for i in range(8)), tuple(str(31 + i) for i in range(8))),
)

TOOTH_STATES = ("sound", "missing", "filled", "crown", "bridge", "implant", "prosthesis")
MANNERS_OF_DEATH = ("natural", "accident", "homicide", "suicide", "undetermined", "pending")
# Suggested codes; a region, relationship or sample type typed otherwise is kept as typed
# (pages show a code they do not know as typed text).
BODY_REGIONS = (
    "head",
    "face",
    "neck",
    "chest",
    "abdomen",
    "back",
    "left_arm",
    "right_arm",
    "left_hand",
    "right_hand",
    "left_leg",
    "right_leg",
    "left_foot",
    "right_foot",
    "other",
)
DONOR_RELATIONSHIPS = (
    "mother",
    "father",
    "brother",
    "sister",
    "half_brother",
    "half_sister",
    "son",
    "daughter",
    "spouse",
    "grandparent",
    "uncle",
    "aunt",
    "cousin",
    "other",
)
SAMPLE_TYPES = ("bone", "tooth", "blood", "tissue", "hair", "nail", "other")
# What a DNA reference donor agrees to, purpose by purpose (ICRC guidance on DNA and the
# missing): comparison for this identification, sharing the profile with other
# organisations' laboratories for it, keeping the sample and profile after the case.
DNA_CONSENTS = ("identification", "sharing", "storage")
SEXES = ("M", "F", "")

HEIGHT_CM = (30, 250)
AGE_YEARS = (0, 120)
TEXT_MAX = 500
LONG_TEXT_MAX = 5000
LIST_MAX = 100

ANTEMORTEM_KEYS = (
    "height_cm",
    "build",
    "hair",
    "eyes",
    "marks",
    "dental",
    "dental_notes",
    "medical",
    "implants",
    "clothing",
    "effects",
    "fingerprints_held",
    "dna_references",
    "enquirers",
)
POSTMORTEM_KEYS = (
    "pm_number",
    "body_bag",
    "recovery",
    "morgue",
    "examination",
    "dental",
    "samples",
    "cause_of_death",
    "manner_of_death",
    "burial",
    "exhumation",
    "repatriation",
    "returned_to_family_on",
    "death_certificate",
)

# Messages in English, marked for the catalogs; ``render`` gives them in the reader's language.
NOT_OBJECT = gettext_noop("Give an object.")
NOT_LIST = gettext_noop("Give a list.")
NOT_TEXT = gettext_noop("Give a text.")
TOO_LONG = gettext_noop("Too long: at most %(max)s characters.")
TOO_MANY = gettext_noop("Too many: at most %(max)s.")
UNKNOWN_FIELD = gettext_noop("Unknown field.")
NOT_RANGE = gettext_noop("Give two whole numbers, from and to, the first not above the second.")
OUT_OF_RANGE = gettext_noop("Out of range: from %(min)s to %(max)s.")
NOT_TOOTH = gettext_noop("Not a tooth in FDI notation (11-48 permanent, 51-85 primary).")
NOT_STATE = gettext_noop("Not a tooth state: use %(choices)s.")
NOT_CHOICE = gettext_noop("Not one of %(choices)s.")
NOT_DAY = gettext_noop("Give a day, YYYY-MM-DD, from 1900 to today.")
NOT_COORDINATE = gettext_noop("Give a number from %(min)s to %(max)s.")
BOTH_COORDINATES = gettext_noop("Give both latitude and longitude, or neither.")
NEEDS_TEXT = gettext_noop("Required.")


class Invalid(ValueError):  # noqa: N818 - reads as "forensic.Invalid"
    """The value is refused; ``errors`` holds the messages of each part, nested by path."""

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__("Invalid forensic data.")
        self.errors = errors


class _Errors:
    def __init__(self) -> None:
        self.tree: dict[str, Any] = {}

    def add(self, path: tuple[str, ...], message: str, **params: Any) -> None:
        node = self.tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if isinstance(node, list):  # a message already sits on the parent
                return
        node.setdefault(path[-1], []).append((message, params))


def render(errors: dict[str, Any], translate: Callable[[str], str] = str) -> dict[str, Any]:
    """The error tree with each message in the reader's language (``translate``: gettext)."""
    return {
        key: [translate(message) % params for message, params in value]
        if isinstance(value, list)
        else render(value, translate)
        for key, value in errors.items()
    }


def flat(errors: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """(path, message) pairs of a rendered error tree: "dental.19", "Not a tooth ..."."""
    pairs: list[tuple[str, str]] = []
    for key, value in errors.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, list):
            pairs += [(path, message) for message in value]
        else:
            pairs += flat(value, path)
    return pairs


def _text(value: Any, path: tuple[str, ...], errors: _Errors, limit: int = TEXT_MAX) -> str:
    if not isinstance(value, str):
        errors.add(path, NOT_TEXT)
        return ""
    value = value.strip()
    if len(value) > limit:
        errors.add(path, TOO_LONG, max=limit)
    return value


def _texts(value: Any, path: tuple[str, ...], errors: _Errors) -> list[str]:
    if not isinstance(value, list):
        errors.add(path, NOT_LIST)
        return []
    if len(value) > LIST_MAX:
        errors.add(path, TOO_MANY, max=LIST_MAX)
        return []
    items = [_text(item, (*path, str(i)), errors) for i, item in enumerate(value)]
    return [item for item in items if item]


def _range(
    value: Any, path: tuple[str, ...], errors: _Errors, bounds: tuple[int, int]
) -> list[int]:
    if (
        not isinstance(value, list)
        or len(value) != 2  # noqa: PLR2004 - a pair
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in value)
        or value[0] > value[1]
    ):
        errors.add(path, NOT_RANGE)
        return []
    if not all(bounds[0] <= n <= bounds[1] for n in value):
        errors.add(path, OUT_OF_RANGE, min=bounds[0], max=bounds[1])
        return []
    return [value[0], value[1]]


def _choice(value: Any, path: tuple[str, ...], errors: _Errors, choices: tuple[str, ...]) -> str:
    if value == "":
        return ""  # not given
    if not isinstance(value, str) or value not in choices:
        errors.add(path, NOT_CHOICE, choices=", ".join(c for c in choices if c))
        return ""
    return value


def _day(value: Any, path: tuple[str, ...], errors: _Errors, *, today: date) -> str:
    if value == "":
        return ""
    try:
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        day = date.fromisoformat(value)
    except ValueError:
        errors.add(path, NOT_DAY)
        return ""
    if not date(1900, 1, 1) <= day <= today:
        errors.add(path, NOT_DAY)
        return ""
    return value


def _coordinate(value: Any, path: tuple[str, ...], errors: _Errors, limit: int) -> float | None:
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not -limit <= value <= limit
    ):
        errors.add(path, NOT_COORDINATE, min=-limit, max=limit)
        return None
    return float(value)


def _object(
    value: Any,
    path: tuple[str, ...],
    errors: _Errors,
    fields: dict[str, Callable[[Any, tuple[str, ...]], Any]],
) -> dict[str, Any]:
    """An object of known fields, each read by its reader; empty values are left out."""
    if not isinstance(value, dict):
        errors.add(path, NOT_OBJECT)
        return {}
    cleaned: dict[str, Any] = {}
    for key, item in value.items():
        if key not in fields:
            errors.add((*path, str(key)), UNKNOWN_FIELD)
            continue
        result = fields[key](item, (*path, key))
        if result not in ("", None, [], {}):
            cleaned[key] = result
    return cleaned


def _objects(
    value: Any,
    path: tuple[str, ...],
    errors: _Errors,
    fields: dict[str, Callable[[Any, tuple[str, ...]], Any]],
    required: str,
) -> list[dict[str, Any]]:
    """A list of objects; each needs its ``required`` field, an empty one is dropped."""
    if not isinstance(value, list):
        errors.add(path, NOT_LIST)
        return []
    if len(value) > LIST_MAX:
        errors.add(path, TOO_MANY, max=LIST_MAX)
        return []
    items = []
    for i, item in enumerate(value):
        cleaned = _object(item, (*path, str(i)), errors, fields)
        if not cleaned:
            continue
        if not cleaned.get(required):
            errors.add((*path, str(i), required), NEEDS_TEXT)
        items.append(cleaned)
    return items


def _dental(value: Any, path: tuple[str, ...], errors: _Errors) -> dict[str, str]:
    """An FDI chart: tooth number (as text) to state, in chart order; an empty state drops
    the tooth (not recorded)."""
    if not isinstance(value, dict):
        errors.add(path, NOT_OBJECT)
        return {}
    chart = {}
    for tooth, state in value.items():
        key = str(tooth)
        if key not in TEETH:
            errors.add((*path, key), NOT_TOOTH)
        elif state in ("", None):
            continue
        elif state not in TOOTH_STATES:
            errors.add((*path, key), NOT_STATE, choices=", ".join(TOOTH_STATES))
        else:
            chart[key] = state
    return {tooth: chart[tooth] for tooth in TEETH if tooth in chart}


def _with_coordinates(
    fields: dict[str, Callable[[Any, tuple[str, ...]], Any]],
    errors: _Errors,
) -> dict[str, Callable[[Any, tuple[str, ...]], Any]]:
    return {
        **fields,
        "lat": lambda v, p: _coordinate(v, p, errors, 90),
        "lon": lambda v, p: _coordinate(v, p, errors, 180),
    }


def _located(
    value: Any,
    path: tuple[str, ...],
    errors: _Errors,
    fields: dict[str, Callable[[Any, tuple[str, ...]], Any]],
) -> dict[str, Any]:
    cleaned = _object(value, path, errors, _with_coordinates(fields, errors))
    given = {
        key for key in ("lat", "lon") if isinstance(value, dict) and value.get(key) is not None
    }
    if len(given) == 1:
        errors.add((*path, "lon" if "lat" in given else "lat"), BOTH_COORDINATES)
    return cleaned


def _antemortem_readers(
    errors: _Errors, today: date
) -> dict[str, Callable[[Any, tuple[str, ...]], Any]]:
    del today

    def text(v: Any, p: tuple[str, ...]) -> str:
        return _text(v, p, errors)

    def long_text(v: Any, p: tuple[str, ...]) -> str:
        return _text(v, p, errors, LONG_TEXT_MAX)

    def texts(v: Any, p: tuple[str, ...]) -> list[str]:
        return _texts(v, p, errors)

    def consents(v: Any, p: tuple[str, ...]) -> list[str]:
        if not isinstance(v, list):
            errors.add(p, NOT_LIST)
            return []
        chosen = {_choice(item, (*p, str(i)), errors, DNA_CONSENTS) for i, item in enumerate(v)}
        return [c for c in DNA_CONSENTS if c in chosen]

    return {
        "height_cm": lambda v, p: _range(v, p, errors, HEIGHT_CM),
        "build": text,
        "hair": text,
        "eyes": text,
        "marks": lambda v, p: _objects(
            v, p, errors, {"region": text, "description": text}, "description"
        ),
        "dental": lambda v, p: _dental(v, p, errors),
        "dental_notes": long_text,
        "medical": texts,
        "implants": lambda v, p: _objects(v, p, errors, {"kind": text, "serial": text}, "kind"),
        "clothing": texts,
        "effects": texts,
        "fingerprints_held": text,
        "dna_references": lambda v, p: _objects(
            v,
            p,
            errors,
            {
                "relationship": text,
                "name": text,
                "kit": text,
                "laboratory": text,
                "consents": consents,
            },
            "relationship",
        ),
        "enquirers": lambda v, p: _objects(
            v,
            p,
            errors,
            {"name": text, "relationship": text, "contact": text, "language": text},
            "name",
        ),
    }


def _postmortem_readers(
    errors: _Errors, today: date
) -> dict[str, Callable[[Any, tuple[str, ...]], Any]]:
    def text(v: Any, p: tuple[str, ...]) -> str:
        return _text(v, p, errors)

    def long_text(v: Any, p: tuple[str, ...]) -> str:
        return _text(v, p, errors, LONG_TEXT_MAX)

    def day(v: Any, p: tuple[str, ...]) -> str:
        return _day(v, p, errors, today=today)

    def country(v: Any, p: tuple[str, ...]) -> str:
        code = _text(v, p, errors, 3).upper()
        if code and not re.fullmatch(r"[A-Z]{3}", code):
            errors.add(p, NOT_CHOICE, choices="ISO 3166-1 alpha-3")
            return ""
        return code

    return {
        "pm_number": text,
        "body_bag": text,
        "recovery": lambda v, p: _located(v, p, errors, {"date": day, "place": text, "by": text}),
        "morgue": text,
        "examination": lambda v, p: _object(
            v,
            p,
            errors,
            {
                "age_range": lambda v2, p2: _range(v2, p2, errors, AGE_YEARS),
                "sex": lambda v2, p2: _choice(v2, p2, errors, SEXES),
                "stature_cm": lambda v2, p2: _range(v2, p2, errors, HEIGHT_CM),
            },
        ),
        "dental": lambda v, p: _dental(v, p, errors),
        "samples": lambda v, p: _objects(
            v, p, errors, {"type": text, "laboratory_ref": text}, "type"
        ),
        "cause_of_death": long_text,
        "manner_of_death": lambda v, p: _choice(v, p, errors, MANNERS_OF_DEATH),
        "burial": lambda v, p: _located(
            v,
            p,
            errors,
            {"cemetery": text, "plot": text, "marker": text, "date": day},
        ),
        "exhumation": lambda v, p: _object(
            v, p, errors, {"date": day, "by": text, "reason": long_text}
        ),
        "repatriation": lambda v, p: _object(
            v, p, errors, {"date": day, "country": country, "by": text}
        ),
        "returned_to_family_on": day,
        "death_certificate": text,
    }


def _run(
    value: Any,
    make: Callable[[_Errors, date], dict[str, Callable[[Any, tuple[str, ...]], Any]]],
    *,
    partial: bool,
    today: date,
) -> dict[str, Any]:
    errors = _Errors()
    if value is None and not partial:
        return {}
    if not isinstance(value, dict):
        raise Invalid({"non_field_errors": [(NOT_OBJECT, {})]})
    readers = make(errors, today)
    cleaned: dict[str, Any] = {}
    for key, item in value.items():
        if key not in readers:
            errors.add((str(key),), UNKNOWN_FIELD)
        elif item is None:
            if partial:
                cleaned[key] = None  # a patch's null removes the field
        else:
            cleaned[key] = readers[key](item, (key,))
    if errors.tree:
        raise Invalid(errors.tree)
    return {key: item for key, item in cleaned.items() if item not in ("", [], {})}


def antemortem_clean(value: Any, *, today: date, partial: bool = False) -> dict[str, Any]:
    """The antemortem object, normalised; ``Invalid`` if any part of it is wrong.

    With ``partial`` (a PATCH), a field given as null stays, as null: ``merge`` removes it.
    """
    return _run(value, _antemortem_readers, partial=partial, today=today)


def postmortem_clean(value: Any, *, today: date, partial: bool = False) -> dict[str, Any]:
    """The postmortem object, normalised; ``Invalid`` if any part of it is wrong."""
    return _run(value, _postmortem_readers, partial=partial, today=today)


def merge(stored: dict[str, Any] | None, patch: dict[str, Any]) -> dict[str, Any]:
    """A PATCH of an AM or PM object: each field given replaces the stored one whole
    (a dental chart, a list), null removes it, fields not given stay."""
    merged = dict(stored or {})
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged
