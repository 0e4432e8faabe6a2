"""The ``vocab`` filter: a stored code shown as its label in the reader's language.

``{{ incident.route|vocab:"incidents.route" }}``, ``{{ incident.causes|vocab:"incidents.cause" }}``
(a list: labels joined), ``{{ person.nationality|vocab:"core.country" }}``. A value the
vocabulary does not know is shown as typed, in a ``<bdi>`` like any user text (its
direction must not spill over the page); an empty value shows a dash. Available in every
template (settings ``TEMPLATES`` builtins); the vocabularies are in core/vocabularies.py.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from waypost.core import vocabularies
from waypost.core.templatetags.user_text import isolate

register = template.Library()

EMPTY = "—"


def _one(name: str, value: str) -> SafeString:
    label = vocabularies.label(name, value)
    if label is not None:
        return format_html("{}", label)
    # MMP joins several categories in one cell ("Mediterranean,North America").
    parts = [part.strip() for part in value.split(",")]
    if len(parts) > 1 and all(vocabularies.label(name, part) for part in parts):
        return _many(name, parts)
    return isolate(value)


def _many(name: str, values: list[Any]) -> SafeString:
    shown = [_one(name, str(value)) for value in values if value not in (None, "")]
    if not shown:
        return format_html("{}", EMPTY)
    return format_html_join(", ", "{}", ((item,) for item in shown))


@register.filter
def vocab(value: Any, name: str) -> SafeString:
    if isinstance(value, list | tuple | set | frozenset):
        return _many(name, list(value))
    if value is None or value == "":
        return format_html("{}", EMPTY)
    return _one(name, str(value))
