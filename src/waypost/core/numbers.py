"""Numbers written for machines, and coordinates written for people in every language.

Django localises every number a template prints: ``{{ 66.1 }}`` is ``66,1`` on a French,
Spanish or Arabic page. That is right for a figure a person reads and wrong everywhere a
program reads the number: an SVG attribute (``width="66,1"`` draws nothing), a CSS value,
JSON, a URL, a ``value`` a form sends back. ``markup_number`` writes those, the same in every
language; templates use it through the ``|markup_number`` filter (core/templatetags/user_text.py).

Coordinates are shown as decimal degrees on WGS 84, latitude first, with the hemisphere
letters maritime search and rescue uses in every language (``50.62372° N, 1.54795° E``):
no sign to lose, no comma that could be a decimal one, five decimals (about a metre).
"""

from __future__ import annotations

from decimal import Decimal

# Five decimals of a degree are about 1.1 m on the ground: the sources are never finer.
COORDINATE_PLACES = 5


def markup_number(value: float | int | Decimal | str, places: int = 3) -> str:
    """``value`` as a plain decimal with a full stop, at most ``places`` decimals, never localised.

    >>> markup_number(66.0999), markup_number(-0.5), markup_number(12)
    ('66.1', '-0.5', '12')
    """
    number = Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"{value!r} cannot be written into markup")
    text = f"{round(number, places):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def coordinates_text(latitude: float | Decimal, longitude: float | Decimal) -> str:
    """``50.62372° N, 1.54795° E``: latitude first, hemisphere letters, full stops."""
    lat = round(Decimal(str(latitude)), COORDINATE_PLACES)
    lon = round(Decimal(str(longitude)), COORDINATE_PLACES)
    north_south = "S" if lat < 0 else "N"
    east_west = "W" if lon < 0 else "E"
    return (
        f"{abs(lat):.{COORDINATE_PLACES}f}\u00b0\u00a0{north_south}, "
        f"{abs(lon):.{COORDINATE_PLACES}f}\u00b0\u00a0{east_west}"
    )


def geo_uri(latitude: float | Decimal, longitude: float | Decimal) -> str:
    """An RFC 5870 ``geo:`` URI, which phones open in their map application."""
    return (
        f"geo:{markup_number(latitude, COORDINATE_PLACES)},"
        f"{markup_number(longitude, COORDINATE_PLACES)}"
    )
