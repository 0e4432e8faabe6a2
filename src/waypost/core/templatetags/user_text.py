"""Filters for showing text people typed (names, places, file names) safely.

``isolate`` wraps inline text in ``<bdi>``, so that its direction (an Arabic name in an
English sentence, a Latin place in an Arabic table) cannot spill into the text around it,
a link's text included. Both filters drop bidirectional controls (core.validators), which
would otherwise still reorder the text itself; services drop them on input, these also
cover what was stored before, or by an import that does not pass through a service.
``ltr`` isolates what is written left to right in every language, identifiers, codes,
phone numbers, ISO dates: ``2026.MMP0221`` in an Arabic page would otherwise be shown as
``MMP0221.2026``. ``coordinates`` shows a position in one unambiguous, isolated form, and
``markup_number`` writes a number a program reads (SVG, CSS, JSON, URLs) without the page
language's decimal comma (core/numbers.py).

Available in every template (settings ``TEMPLATES`` builtins).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from waypost.core import numbers
from waypost.core.validators import without_bidi_controls

register = template.Library()


@register.filter
def isolate(value: Any) -> SafeString:
    return format_html("<bdi>{}</bdi>", without_bidi_controls("" if value is None else str(value)))


@register.filter(is_safe=True)
def no_bidi(value: Any) -> str:
    """For text in an element that isolates already (``dir="auto"``), or in <title>/<option>."""
    return without_bidi_controls("" if value is None else str(value))


@register.filter
def ltr(value: Any) -> SafeString:
    """Inline, left to right and isolated: ``<bdi dir="ltr">`` (identifiers, codes, phones)."""
    text = without_bidi_controls("" if value is None else str(value))
    return format_html('<bdi dir="ltr">{}</bdi>', text)


@register.filter
def coordinates(latitude: Any, longitude: Any) -> SafeString:
    """``{{ latitude|coordinates:longitude }}``: ``50.62372° N, 1.54795° E``, or a dash."""
    if latitude is None or longitude is None:
        return format_html("{}", "\u2014")
    return format_html(
        '<a class="coordinates" href="{}" translate="no"><bdi dir="ltr">{}</bdi></a>',
        numbers.geo_uri(latitude, longitude),
        numbers.coordinates_text(latitude, longitude),
    )


@register.filter(is_safe=True)
def markup_number(value: Any, places: int = 3) -> str:
    """A number for an attribute, CSS or JSON: ``66.1`` in every language, never ``66,1``."""
    return numbers.markup_number(value, int(places))


@register.filter
def published(value: Any) -> SafeString:
    """A count as published under disclosure control (docs/statistics.md): the number,
    grouped as the page's language groups it, or "hidden" where it was suppressed (None)."""
    if value is None:
        return format_html('<span class="suppressed">{}</span>', gettext("hidden"))
    return format_html("{}", intcomma(value))
