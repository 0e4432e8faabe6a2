from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from waypost import __version__


def waypost(request: HttpRequest) -> dict[str, Any]:
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "WAYPOST_VERSION": __version__,
        "LANGUAGE_DIRECTION": "rtl" if language in settings.LANGUAGES_RTL else "ltr",
        "UI_LANGUAGES": [
            (code, name)
            for code, name in settings.LANGUAGES
            if settings.DEBUG or code not in settings.LANGUAGES_INCUBATING
        ],
    }
