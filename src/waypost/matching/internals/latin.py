"""Latin-script name normalisation: folding, particles and the phonetic skeleton key.

The skeleton is the comparable key shared by every script: consonant classes in order,
vowels and the glides w/y/h dropped, doubled letters collapsed first. Mohamed, Muhammad,
Mouhammad and Mehmet all give ``MMT``; Abdel Rahman and Abdulrahman give ``PTRMN``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "þ": "th",
        "ħ": "h",
        "ŋ": "ng",
        "ʿ": "",
        "ʾ": "",
        "’": "",
        "'": "",
        "`": "",
        "‘": "",
    }
)

# Ordered rewrites applied to a folded lowercase word before classing letters.
_REWRITES: tuple[tuple[str, str], ...] = (
    ("tsch", "C"),
    ("sch", "S"),
    ("tch", "C"),
    ("dzh", "J"),
    ("dj", "J"),
    ("dsch", "J"),
    ("zh", "J"),
    ("sh", "S"),
    ("ch", "S"),
    ("kh", "K"),
    ("gh", "K"),
    ("ph", "F"),
    ("th", "T"),
    ("dh", "T"),
    ("ck", "K"),
    ("ts", "S"),
    ("tz", "S"),
    ("x", "KS"),
    ("qu", "K"),
)

# Consonant classes; anything absent (vowels, w, y, h) is dropped from the skeleton.
_CLASS = {
    "b": "P",
    "p": "P",
    "f": "F",
    "v": "F",
    "d": "T",
    "t": "T",
    "T": "T",
    "k": "K",
    "q": "K",
    "c": "K",
    "g": "K",
    "K": "K",
    "j": "J",
    "J": "J",
    "C": "J",
    "s": "S",
    "z": "S",
    "S": "S",
    "F": "F",
    "l": "L",
    "r": "R",
    "m": "M",
    "n": "N",
}

LATIN_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=500_000)
def fold(text: str) -> str:
    """Lowercase ASCII-folded form: ``Şükrü Öztürk`` -> ``sukru ozturk``."""
    if text.isascii():  # most names in a batch: no accents to strip
        return text.lower().translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text.lower().translate(_SPECIAL))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def is_latin(word: str) -> bool:
    """True when every letter of ``word`` folds to ASCII a-z."""
    folded = fold(word)
    return bool(folded) and all("a" <= ch <= "z" for ch in folded if ch.isalpha())


def _prepare(word: str) -> str:
    w = "".join(ch for ch in fold(word) if "a" <= ch <= "z")
    if not w:
        return ""
    # collapse doubled letters before anything else: mm -> m, ss -> s
    w = re.sub(r"(.)\1+", r"\1", w)
    # c before e/i/y is soft
    return re.sub(r"c(?=[eiy])", "s", w)


def _classes(w: str) -> str:
    for old, new in _REWRITES:
        w = w.replace(old, new)
    return "".join(_CLASS.get(ch, "") for ch in w)


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """Primary phonetic skeleton of one Latin word."""
    return _classes(_prepare(word))


@lru_cache(maxsize=200_000)
def skeletons(word: str, limit: int = 4) -> tuple[str, ...]:
    """Primary skeleton first, then readings of ambiguous letters (ch, w, soft g, j)."""
    w = _prepare(word)
    first = _classes(w)
    keys = [first] if first else []
    marked = w.replace("ch", "\x00")
    variants = [marked]
    for pattern, readings in (
        ("\x00", ("sh", "kh", "tch")),
        ("w", ("w", "v")),
        ("g", ("g", "j")),
        ("j", ("j", "y")),
    ):
        if pattern not in marked:
            continue
        if pattern == "g" and not re.search(r"g[eiy]", marked):
            continue
        variants = [v.replace(pattern, r) for v in variants for r in readings]
    for v in variants:
        key = _classes(v.replace("\x00", "sh"))
        if key and key not in keys:
            keys.append(key)
        if len(keys) >= limit:
            break
    return tuple(keys)
