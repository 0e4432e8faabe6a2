"""Filters for showing text people typed (names, places, file names) safely.

``isolate`` wraps inline text in ``<bdi>``, so that its direction (an Arabic name in an
English sentence, a Latin place in an Arabic table) cannot spill into the text around it,
a link's text included. Both filters drop bidirectional controls (core.validators), which
would otherwise still reorder the text itself; services drop them on input, these also
cover what was stored before, or by an import that does not pass through a service.
Available in every template (settings ``TEMPLATES`` builtins).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from waypost.core.validators import without_bidi_controls

register = template.Library()


@register.filter
def isolate(value: Any) -> SafeString:
    return format_html("<bdi>{}</bdi>", without_bidi_controls("" if value is None else str(value)))


@register.filter(is_safe=True)
def no_bidi(value: Any) -> str:
    """For text in an element that isolates already (``dir="auto"``), or in <title>/<option>."""
    return without_bidi_controls("" if value is None else str(value))
