"""The API's JSON parser: DRF's, refusing deep nesting.

Its own module: DRF's ``APIView`` reads ``DEFAULT_PARSER_CLASSES`` when it is defined, so
a module that imports DRF's views (core.api does) cannot also hold a parser named there.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers
from rest_framework.utils import json

# No Waypost payload nests deeper than a few levels. Python's decoder recurses once per
# level and gives up with a RecursionError (a 500) near a thousand, with a stack cost on the
# way; anything deeper than this is refused as malformed before it is decoded.
MAX_JSON_DEPTH = 32
# A JSON string (escapes included) or a bracket: brackets inside strings are not nesting.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether brackets in ``text`` nest deeper than ``limit`` (read without recursion)."""
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > limit:
                return True
        elif bracket in "]}":
            depth -= 1
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing nesting deeper than ``MAX_JSON_DEPTH``."""

    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(stream.read(), encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise exceptions.ParseError(_("The request body is not valid text.")) from exc
        if json_too_deep(text):
            raise exceptions.ParseError(
                _("JSON nested deeper than %(limit)d levels.") % {"limit": MAX_JSON_DEPTH}
            )
        try:
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except ValueError as exc:
            raise exceptions.ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from exc
