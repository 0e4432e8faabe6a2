"""Response helpers shared by the apps' views."""

from __future__ import annotations

import re
from urllib.parse import quote

from waypost.core.validators import without_bidi_controls

_UNSAFE_IN_QUOTES = re.compile(r'["\\\x00-\x1f\x7f]')


def attachment_disposition(filename: str) -> str:
    """A ``Content-Disposition`` for a download named ``filename``, safe whatever it holds.

    Bidirectional controls are dropped (they would make "x\u202eexe.json" read as
    "xnosj.exe" in the save dialog), and so are quotes and control characters, which could
    end the header's value early. Names outside ASCII travel in ``filename*`` (RFC 6266).
    """
    name = _UNSAFE_IN_QUOTES.sub("", without_bidi_controls(filename)) or "download"
    ascii_name = name.encode("ascii", "replace").decode("ascii").replace("?", "_")
    if ascii_name == name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
