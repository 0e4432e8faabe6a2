from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from waypost import __version__
from waypost.core.dashboard import nav_for


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
        # Called by the template only where it shows the navigation (signed-in pages).
        "nav_items": lambda: nav_for(getattr(request, "user", None), request.path),
    }
