"""Data vocabularies: the codes Waypost stores and the words a person reads for them.

A stored code (a role, a purpose, an MMP migration route, a country) is never shown as it
is: pages show its label in the reader's language. Each app registers the vocabularies it
owns in its own ``vocabularies.py``, with lazy translations, as pretix plugins register
theirs, so the platform needs no list of every app::

    VOCABULARIES = {
        "incidents.route": {"Central Mediterranean": pgettext_lazy("MMP migration route", ...)},
        "accounts.role": Role,  # a TextChoices class: its values and labels
    }

Country and language names come from the Unicode CLDR (through Babel), by ISO 3166-1
alpha-3 and ISO 639 code, in every language Waypost speaks (``core.country``,
``core.language``). Templates use the ``vocab`` filter (``{{ code|vocab:"incidents.route" }}``);
a value a vocabulary does not know (free text typed before a vocabulary existed, a newer MMP
category) is shown as typed, isolated as user text. A test renders every page of every role in
French, Spanish and Arabic and fails on an English word left (core/tests/test_vocabulary_pages.py).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Protocol

import pycountry
from babel import Locale, UnknownLocaleError
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from waypost.core.plugins import app_modules


class Vocabulary(Protocol):
    def label(self, code: str) -> str | None:
        """The code's label in the active language, or None for a code it does not know."""

    def codes(self) -> list[str]:
        """Every code it knows, in its own order."""


class Terms:
    """A fixed vocabulary: codes and their lazily translated labels."""

    def __init__(self, terms: Mapping[str, str | Promise] | type[models.Choices]) -> None:
        if isinstance(terms, type) and issubclass(terms, models.Choices):
            self.terms: dict[str, str | Promise] = {
                str(value): label for value, label in terms.choices
            }
        else:
            self.terms = dict(terms)

    def label(self, code: str) -> str | None:
        label = self.terms.get(code)
        return None if label is None else str(label)

    def codes(self) -> list[str]:
        return list(self.terms)


def _locale() -> Locale:
    return _babel_locale(get_language() or "en")


@cache
def _babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale("en")


class Countries:
    """Countries and territories by ISO 3166-1 alpha-3 code, named as CLDR names them."""

    def label(self, code: str) -> str | None:
        country = pycountry.countries.get(alpha_3=code.upper()) if len(code) == 3 else None
        if country is None:
            return None
        name = _locale().territories.get(country.alpha_2) or Locale("en").territories.get(
            country.alpha_2
        )
        return str(name or country.name)

    def codes(self) -> list[str]:
        return sorted(country.alpha_3 for country in pycountry.countries)


class Languages:
    """Languages by ISO 639-1 (or 639-3) code, named as CLDR names them."""

    def label(self, code: str) -> str | None:
        code = code.strip().lower().replace("-", "_")
        if not code:
            return None
        names = _locale().languages
        if code in names:
            return str(names[code])
        language = (
            pycountry.languages.get(alpha_3=code)
            if len(code) == 3
            else pycountry.languages.get(alpha_2=code)
        )
        if language is None:
            return None
        short = getattr(language, "alpha_2", None)
        return str(names.get(short, "") or names.get(language.alpha_3, "") or "") or None

    def codes(self) -> list[str]:
        return sorted(Locale("en").languages)


BUILT_IN: dict[str, Vocabulary] = {"core.country": Countries(), "core.language": Languages()}


@cache
def registered() -> dict[str, Vocabulary]:
    """Every vocabulary by name: the built-in ones and those each app declares."""
    found: dict[str, Vocabulary] = dict(BUILT_IN)
    for module in app_modules("vocabularies"):
        for name, terms in getattr(module, "VOCABULARIES", {}).items():
            if name in found:
                raise ImproperlyConfigured(f"Vocabulary {name} is declared twice.")
            # A mapping or a choices class is a fixed list; anything else is a vocabulary.
            found[name] = Terms(terms) if isinstance(terms, Mapping | type) else terms
    return found


def vocabulary(name: str) -> Vocabulary:
    try:
        return registered()[name]
    except KeyError:
        raise ImproperlyConfigured(f"No app declares the vocabulary {name}.") from None


def label(name: str, code: object) -> str | None:
    """``code``'s label in vocabulary ``name``, in the active language; None if unknown."""
    return None if code in (None, "") else vocabulary(name).label(str(code))


def label_or_code(name: str, code: object) -> str:
    """The label, or the code itself when the vocabulary does not know it (for text output)."""
    return label(name, code) or ("" if code is None else str(code))


def _sort_key(text: str) -> str:
    """Alphabetical order as a reader expects it: "Égypte" among the E, not after "Zambie"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def choices(name: str, codes: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(code, label) pairs, for a select: ``codes`` (default: all), ordered by label."""
    pairs = [(code, label_or_code(name, code)) for code in (codes or vocabulary(name).codes())]
    return sorted(pairs, key=lambda pair: _sort_key(pair[1]))


def language_code_examples(*codes: str) -> SafeString:
    """'Codes ..., for example <code>ar</code> (Arabic), ...' in the page's language: the help
    of a field that takes ISO 639-1 codes, each example named."""
    return format_html(
        gettext("Codes separated by commas (ISO 639-1), for example {examples}."),
        examples=format_html_join(
            ", ",
            "<code>{}</code> ({})",
            ((code, label_or_code("core.language", code)) for code in codes),
        ),
    )
