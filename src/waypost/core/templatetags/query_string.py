"""``{% with_query query page=2 %}``: a link's "?..." that keeps a page's filters.

Gluing ``?{{ query }}&page=2`` by hand gives ``?&page=2`` when there is no filter, and a
parameter twice when the query already has it; this builds the query string properly.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag
def with_query(query: QueryDict, **values: Any) -> str:
    changed = query.copy()
    for name, value in values.items():
        changed[name] = str(value)
    return f"?{changed.urlencode()}"
