"""Content languages: the interface's four and the languages people on the routes read.

Articles and points are written in any of them; each has its script direction (CLDR,
through Babel), so a Tigrinya page runs left to right and a Pashto one right to left
inside an interface in any of the four languages.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language

CONTENT_LANGUAGES = (
    "en",
    "fr",
    "es",
    "ar",
    "ti",  # Tigrinya
    "so",  # Somali
    "ps",  # Pashto
    "fa-AF",  # Dari
    "ha",  # Hausa
    "bm",  # Bambara
    "wo",  # Wolof
    "ku",  # Kurdish (Kurmanji, Latin script)
    "ckb",  # Kurdish (Sorani, Arabic script)
    "am",  # Amharic
    "ur",  # Urdu
)


@cache
def _locale(code: str) -> Locale:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale("en")


def direction(code: str) -> str:
    """``rtl`` or ``ltr``: the direction of the language's script."""
    return "rtl" if _locale(code).character_order == "right-to-left" else "ltr"


def name(code: str, in_language: str | None = None) -> str:
    """The language's name in ``in_language`` (the reader's interface language)."""
    reader = _locale(in_language or get_language() or "en")
    key = code.replace("-", "_")
    return str(reader.languages.get(key) or Locale("en").languages.get(key) or code)


def own_name(code: str) -> str:
    """The language's name in itself (Tigrinya as ትግርኛ), for a language chooser."""
    return str(_locale(code).get_display_name(_locale(code)) or code)


def normalise(code: str) -> str:
    """A content language code as stored (``fa-af`` -> ``fa-AF``), or ``""`` if unknown."""
    wanted = (code or "").strip().replace("_", "-").lower()
    for known in CONTENT_LANGUAGES:
        if known.lower() == wanted:
            return known
    short = wanted.split("-")[0]
    return short if short in CONTENT_LANGUAGES else ""


def choices() -> list[tuple[str, str]]:
    return [(code, name(code)) for code in CONTENT_LANGUAGES]
