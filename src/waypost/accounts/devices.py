"""The kind of device and the browser family of a session, from its User-Agent header.

Only these two coarse codes are kept, enough for a person to tell their phone from their
office computer in the list of their sessions, and never the header itself nor an address
(docs/security/asvs.md 3.3.4): a full User-Agent string narrows down who someone is.
A dozen substring tests do this; a User-Agent parsing package would bring a large,
often-updated rule set for detail we refuse to keep.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class Device(models.TextChoices):
    PHONE = "phone", pgettext_lazy("device", "Phone")
    TABLET = "tablet", pgettext_lazy("device", "Tablet")
    COMPUTER = "computer", pgettext_lazy("device", "Computer")
    OTHER = "other", pgettext_lazy("device", "Other device")


class Browser(models.TextChoices):
    EDGE = "edge", "Edge"
    OPERA = "opera", "Opera"
    FIREFOX = "firefox", "Firefox"
    CHROME = "chrome", "Chrome"
    SAFARI = "safari", "Safari"
    OTHER = "other", pgettext_lazy("browser", "Other browser")


def device_of(user_agent: str) -> str:
    if "iPad" in user_agent or "Tablet" in user_agent:
        return Device.TABLET
    if "Android" in user_agent and "Mobile" not in user_agent:
        return Device.TABLET
    if any(mark in user_agent for mark in ("Mobi", "iPhone", "Android")):
        return Device.PHONE
    if any(mark in user_agent for mark in ("Windows", "Macintosh", "X11", "Linux", "CrOS")):
        return Device.COMPUTER
    return Device.OTHER


def browser_of(user_agent: str) -> str:
    # Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
    for mark, browser in (
        ("Edg", Browser.EDGE),
        ("OPR/", Browser.OPERA),
        ("Firefox/", Browser.FIREFOX),
        ("FxiOS/", Browser.FIREFOX),
        ("Chrome/", Browser.CHROME),
        ("Chromium/", Browser.CHROME),
        ("CriOS/", Browser.CHROME),
        ("Safari/", Browser.SAFARI),
    ):
        if mark in user_agent:
            return browser
    return Browser.OTHER
