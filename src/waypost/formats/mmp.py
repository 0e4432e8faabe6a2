"""IOM Missing Migrants Project (MMP) exports: read every column scheme IOM has published.

Four schemes are known (see the incident docs): the HDX "allData" workbooks of 2022 and
2025, the old website CSV keyed by "Web ID" (2021), and the current website CSV (2026).
Their quirks: coordinates as "lat, lon" or WKT "POINT (lon lat)", dates as ISO text, US
"Thu, 01/01/2026 - 12:00" or long "August 31, 2021", counts with thousands separators,
blank cells, split and cumulative incidents. Rows with anomalies IOM itself publishes
(negative or missing counts, no date, truncated coordinates) are read as they are and
flagged; only a row that cannot be read at all (a count that is not a number) is an error.
Plain Python: no Django.
"""

from __future__ import annotations

import codecs
import copy
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

import pycountry
from python_calamine import CalamineError, CalamineWorkbook

from waypost.formats.cells import spreadsheet_safe, spreadsheet_unquote

# Canonical field -> the column names IOM used for it, in any scheme.
COLUMNS: dict[str, tuple[str, ...]] = {
    "incident_id": ("Incident ID",),
    "main_id": ("Main ID", "Web ID"),
    "incident_type": ("Incident Type",),
    "region": ("Region of Incident", "Region"),
    "date": ("Incident Date", "Website Date", "Reported Date"),
    "year": ("Incident Year", "Incident year", "Reported Year", "Year"),
    "month": ("Month", "Reported Month"),
    "dead": ("Number of Dead", "Number Dead"),
    "missing": ("Minimum Estimated Number of Missing",),
    "total": ("Total Number of Dead and Missing", "Total Dead and Missing"),
    "survivors": ("Number of Survivors",),
    "females": ("Number of Females",),
    "males": ("Number of Males",),
    "children": ("Number of Children",),
    "origin_countries": ("Country of Origin",),
    "origin_region": ("Region of Origin",),
    "causes": ("Cause of Death",),
    "country": ("Country of Incident",),
    "route": ("Migration Route", "Migration route"),
    "place": ("Location of Incident", "Location of death", "Location Description"),
    "coordinates": ("Coordinates", "Location Coordinates"),
    "subregion": ("UNSD Geographical Grouping",),
    "source": ("Information Source",),
    "url": ("URL",),
    "source_quality": ("Source Quality",),
}
COUNT_FIELDS = ("dead", "missing", "total", "survivors", "females", "males", "children")
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
# MMP's cause-of-death categories since 2022; one of them holds commas of its own.
CAUSES = (
    "Drowning",
    "Vehicle accident / death linked to hazardous transport",
    "Harsh environmental conditions / lack of adequate shelter, food, water",
    "Sickness / lack of access to adequate healthcare",
    "Violence",
    "Accidental death",
    "Mixed or unknown",
)
_CAUSES = {cause.lower(): cause for cause in CAUSES}
# UN M49 geographic regions by the subregion names MMP uses ("UNSD Geographical Grouping").
UN_REGIONS = {
    "Africa": (
        "Northern Africa",
        "Sub-Saharan Africa",
        "Eastern Africa",
        "Middle Africa",
        "Central Africa",
        "Southern Africa",
        "Western Africa",
    ),
    "Americas": (
        "Northern America",
        "Latin America and the Caribbean",
        "Caribbean",
        "Central America",
        "South America",
    ),
    "Asia": (
        "Central Asia",
        "Eastern Asia",
        "South-eastern Asia",
        "Southern Asia",
        "South Asia",
        "Western Asia",
    ),
    "Europe": ("Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe"),
    "Oceania": ("Australia and New Zealand", "Melanesia", "Micronesia", "Polynesia"),
}
_UN_REGION_OF = {sub.lower(): region for region, subs in UN_REGIONS.items() for sub in subs}
# UN-style country names that pycountry does not know by that spelling.
_COUNTRY_ALIASES = {
    "bolivia (plurinational state of)": "BOL",
    "china, hong kong special administrative region": "HKG",
    "china, macao special administrative region": "MAC",
    "democratic republic of the congo": "COD",
    "iran (islamic republic of)": "IRN",
    "palestinian territories": "PSE",
    "state of palestine": "PSE",
    "republic of korea": "KOR",
    "united states virgin islands": "VIR",
    "venezuela (bolivarian republic of)": "VEN",
    "turkey": "TUR",
}
_WKT = re.compile(r"^POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)$", re.IGNORECASE)
_DATE_FORMATS = ("%Y-%m-%d", "%a, %m/%d/%Y - %H:%M", "%B %d, %Y", "%m/%d/%Y", "%d/%m/%Y")


@dataclass
class MmpIncident:
    row: int
    mmp_id: str
    main_id: str = ""
    incident_type: str = ""
    region: str = ""
    date: date | None = None
    date_precision: str = ""  # day, month, year or "" (unknown)
    year: int | None = None
    month: int | None = None
    dead: int | None = None
    missing: int | None = None
    survivors: int | None = None
    females: int | None = None
    males: int | None = None
    children: int | None = None
    origin_countries: str = ""
    origin_region: str = ""
    causes: list[str] = field(default_factory=list)
    country: str = ""
    route: str = ""
    place: str = ""
    latitude: float | None = None
    longitude: float | None = None
    subregion: str = ""
    un_region: str = ""
    country_iso3: str = ""
    origin_iso3: list[str] = field(default_factory=list)
    incident_ids: list[str] = field(default_factory=list)
    source: str = ""
    url: str = ""
    source_quality: str = ""
    anomalies: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return (self.dead or 0) + (self.missing or 0)


@dataclass(frozen=True)
class RowError:
    row: int
    reason: str


@dataclass
class MmpFile:
    incidents: list[MmpIncident]
    errors: list[RowError]
    rows: int
    # The text encoding a CSV was read in ("utf-8", "utf-16", or a guess: "cp1252" or
    # "latin-1" for a file that is not UTF-8); "" for a spreadsheet.
    encoding: str = ""


TRUNCATED_COORDINATES = "truncated coordinates"
GUESSED_ENCODINGS = ("cp1252", "latin-1")


class MmpFormatError(ValueError):
    """The file cannot be read as an MMP export; ``code`` and ``params`` say why.

    The message is English; applications translate by ``code`` (one per kind of
    problem) with ``params`` filled in.
    """

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # A few cells of the 2025 workbook start with a byte-order mark (U+FEFF), not whitespace.
    # A quote Waypost's own exports put before formula-like text (formats.cells) comes off.
    return spreadsheet_unquote(str(value).replace("\ufeff", "").strip())


def split_list(text: str) -> list[str]:
    """Split on commas outside parentheses: "Unknown (presumed dehydration, hypothermia)"."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth <= 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def parse_causes(value: Any) -> list[str]:
    """Causes of death, several per incident, keeping MMP categories that contain commas."""
    parts, causes, i = split_list(_text(value)), [], 0
    while i < len(parts):
        for width in (3, 2, 1):
            joined = ", ".join(parts[i : i + width])
            if width == 1 or joined.lower() in _CAUSES:
                causes.append(_CAUSES.get(joined.lower(), joined))
                i += width
                break
    return list(dict.fromkeys(causes))


def country_iso3(name: str) -> str:
    """ISO 3166-1 alpha-3 code of a country named as the UN or ISO names it; "" if unknown."""
    key = name.strip().lower()
    if not key:
        return ""
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    return _iso3_lookup(key)


def _iso3_lookup(key: str, _cache: dict[str, str] = {}) -> str:  # noqa: B006 - a memo
    if key not in _cache:
        try:
            _cache[key] = pycountry.countries.lookup(key).alpha_3
        except LookupError:
            _cache[key] = ""
    return _cache[key]


_PLACE_PARTS = re.compile(r",|;|\(|\)|\s-\s|\sand\s|\.\s", re.IGNORECASE)


def country_in_place(place: str) -> str:
    """ISO3 of the one country a place description names ("..., Şırnak, Türkiye"); else "".

    For exports without a "Country of Incident" column (2021, 2022, 2026). A place naming
    two countries ("between Agadez, Niger and Tripoli, Libya") gives none: which one the
    incident is in cannot be told from the text. On the 2025 workbook, which has both
    columns, the code agrees with the country column for over 98 % of the places it names.
    """
    parts = (part.strip(" .") for part in _PLACE_PARTS.split(place))
    codes = {code for code in map(country_iso3, parts) if code}
    return codes.pop() if len(codes) == 1 else ""


def un_region(subregion: str) -> str:
    """The UN M49 region of MMP's subregion cell(s); "" when unknown or spanning two regions."""
    regions = {_UN_REGION_OF.get(part.lower(), "") for part in split_list(subregion)} - {""}
    return regions.pop() if len(regions) == 1 else ""


def parse_count(value: Any) -> int | None:
    """A count: blank is unknown (None); '1,022' is 1022; anything else not a number raises."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"count {value!r} is not a whole number")
        return int(value)
    text = str(value).strip().replace(",", "").replace("\u00a0", "")
    try:
        number = float(text)
    except ValueError as exc:
        raise ValueError(f"count {value!r} is not a number") from exc
    if not number.is_integer():
        raise ValueError(f"count {value!r} is not a whole number")
    return int(number)


def parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def parse_coordinates(value: Any) -> tuple[float | None, float | None, bool]:
    """(latitude, longitude, truncated): "lat, lon" or WKT "POINT (lon lat)"."""
    text = _text(value)
    if not text:
        return None, None, False
    match = _WKT.match(text)
    if match:
        lon_text, lat_text = match.group(1), match.group(2)
    else:
        parts = [part.strip() for part in text.split(",")]
        if len(parts) != 2:
            return None, None, False
        lat_text, lon_text = parts
    try:
        latitude, longitude = float(lat_text), float(lon_text)
    except ValueError:
        return None, None, False
    truncated = "." not in lat_text or "." not in lon_text
    return latitude, longitude, truncated


def _column_index(header: list[str]) -> dict[str, int]:
    positions = {name.strip(): i for i, name in enumerate(header)}
    index = {}
    for canonical, names in COLUMNS.items():
        for name in names:
            if name in positions:
                index[canonical] = positions[name]
                break
    if "dead" not in index or "missing" not in index or "main_id" not in index:
        raise MmpFormatError(
            "not_mmp",
            "Not a Missing Migrants Project export: no Main ID / Web ID, Number of Dead and "
            "Minimum Estimated Number of Missing columns.",
        )
    return index


# A spreadsheet is a zip archive: checked before the reader unpacks it, so that a small
# upload cannot expand into gigabytes (a "zip bomb"). IOM's largest export (2025, 19,255
# rows) holds 12 entries, 18 MB unpacked, compressed at most 11 to 1.
MAX_ARCHIVE_ENTRIES = 1_000
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
_SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods")


def _not_a_spreadsheet() -> MmpFormatError:
    return MmpFormatError(
        "not_spreadsheet", "The file is not a readable spreadsheet (XLSX or ODS)."
    )


def _unpacked_size(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> int:
    """What ``entry`` really unpacks to, or a little more once past what it declares.

    The sizes in an archive's directory are the archive's own claim: a crafted one declares
    a small part and holds a bomb. The stream is decompressed as far as it really goes,
    stopping as soon as it passes the declared size.
    """
    probe = copy.copy(entry)
    probe.file_size = MAX_UNPACKED_BYTES + 1  # zipfile would stop at the declared size
    total = 0
    with archive.open(probe) as stream:
        while chunk := stream.read(2**20):
            total += len(chunk)
            if total > entry.file_size:
                break
    return total


def check_archive(path: Path) -> None:
    """Refuse a spreadsheet archive that is not one, or that would unpack too far."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ARCHIVE_ENTRIES:
                raise MmpFormatError(
                    "archive_entries",
                    f"The spreadsheet holds {len(entries)} parts; at most {MAX_ARCHIVE_ENTRIES}.",
                    entries=len(entries),
                    limit=MAX_ARCHIVE_ENTRIES,
                )
            declared = sum(entry.file_size for entry in entries)
            if declared > MAX_UNPACKED_BYTES:
                raise MmpFormatError(
                    "archive_size",
                    f"The spreadsheet would unpack to more than {MAX_UNPACKED_BYTES // 2**20} MB.",
                    limit=MAX_UNPACKED_BYTES // 2**20,
                )
            for entry in entries:
                if entry.file_size > 2**20 and entry.file_size > MAX_COMPRESSION_RATIO * max(
                    entry.compress_size, 1
                ):
                    raise MmpFormatError(
                        "archive_ratio",
                        f"The spreadsheet part {entry.filename!r} is compressed beyond "
                        "anything a real export is.",
                        part=entry.filename,
                    )
                if _unpacked_size(archive, entry) > entry.file_size:
                    raise MmpFormatError(
                        "archive_lying",
                        f"The spreadsheet part {entry.filename!r} holds more than the "
                        f"{entry.file_size} bytes it declares: the file is damaged or made "
                        "to do harm.",
                        part=entry.filename,
                        declared=entry.file_size,
                    )
    # NotImplementedError: a compression method zipfile lacks; RuntimeError: a password.
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        NotImplementedError,
        RuntimeError,
    ) as error:
        raise _not_a_spreadsheet() from error


# Python's csv module refuses fields over 131,072 characters. IOM's longest field is a
# few thousand (lists of source links); a field past a mebibyte is no real export, and
# is refused with its row number rather than read into memory without end.
MAX_FIELD_CHARACTERS = 2**20


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a CSV export's bytes: UTF-8 or UTF-16 (with or without a
    byte-order mark), else Windows-1252, else Latin-1, which decodes any byte.

    The last two are guesses (``GUESSED_ENCODINGS``): spreadsheet programs on Windows save
    "CSV" in the machine's code page, and for the Latin-script places of MMP exports
    Windows-1252 is the likely one.
    """
    marked = {codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le"}
    marked[codecs.BOM_UTF16_BE] = "utf-16-be"
    attempts: list[tuple[str, bytes]] = [
        (encoding, data[len(mark) :]) for mark, encoding in marked.items() if data.startswith(mark)
    ]
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) > len(sample) // 4 and min(even, odd) < max(even, odd) // 10:
        # UTF-16 without a mark: Latin text has a zero byte beside every character.
        attempts.append(("utf-16-le" if odd > even else "utf-16-be", data))
    attempts += [(encoding, data) for encoding in ("utf-8", *GUESSED_ENCODINGS)]
    for encoding, body in attempts:
        try:
            return body.decode(encoding), encoding[:6] if encoding.startswith(
                "utf-16"
            ) else encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("Latin-1 decodes every byte")  # pragma: no cover


def _csv_rows(text: str) -> Iterator[list[str]]:
    previous = csv.field_size_limit(MAX_FIELD_CHARACTERS)
    reader = csv.reader(io.StringIO(text, newline=""))
    record = 1
    try:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                if "field limit" in str(error):
                    raise MmpFormatError(
                        "field_too_long",
                        f"Row {record} has a field longer than {MAX_FIELD_CHARACTERS:,} "
                        "characters: the file is damaged or not an MMP export.",
                        row=record,
                        limit=MAX_FIELD_CHARACTERS,
                    ) from error
                raise MmpFormatError(
                    "not_text",
                    f"Row {record} cannot be read as CSV ({error}).",
                    row=record,
                ) from error
            yield row
            record += 1
    finally:
        csv.field_size_limit(previous)


def _read_table(path: Path) -> tuple[list[list[Any]], str]:
    """The cells of the first sheet, or of the CSV, and the CSV's encoding ("" for a sheet)."""
    suffix = path.suffix.lower()
    if suffix in (*_SPREADSHEET_SUFFIXES, ".xls"):
        if suffix != ".xls":  # the old binary format is not a zip archive
            check_archive(path)
        try:
            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
            return [list(row) for row in sheet.to_python(skip_empty_area=False)], ""
        except (CalamineError, ValueError, IndexError, OSError) as error:
            raise _not_a_spreadsheet() from error
    text, encoding = decode(path.read_bytes())
    return list(_csv_rows(text)), encoding


def check_file(path: str | Path) -> None:
    """What can be told of a file at once, before its rows are read: a spreadsheet archive
    that is not one or would unpack too far, a CSV without an MMP header row."""
    path = Path(path)
    if path.suffix.lower() in _SPREADSHEET_SUFFIXES:
        check_archive(path)
        return
    if path.suffix.lower() == ".xls":
        return
    header = next(_csv_rows(decode(path.read_bytes())[0]), None)
    if header is None:
        raise MmpFormatError("empty", "The file is empty.")
    _column_index([_text(cell) for cell in header])


def read_mmp(path: str | Path) -> MmpFile:
    table, encoding = _read_table(Path(path))
    if not table:
        raise MmpFormatError("empty", "The file is empty.")
    index = _column_index([_text(cell) for cell in table[0]])
    incidents, errors = [], []
    rows = 0
    for row_number, row in enumerate(table[1:], start=2):
        if not any(_text(cell) for cell in row):
            continue
        rows += 1
        try:
            incidents.append(_incident(row_number, row, index))
        except ValueError as error:
            errors.append(RowError(row_number, str(error)))
    return MmpFile(incidents=incidents, errors=errors, rows=rows, encoding=encoding)


def _incident(row_number: int, row: list[Any], index: dict[str, int]) -> MmpIncident:
    def cell(name: str) -> Any:
        position = index.get(name)
        return row[position] if position is not None and position < len(row) else None

    # The key: the "Incident ID" when the row is one incident (the website export gives each
    # part of a split incident its own row, under a shared Main ID); the Main ID when the row
    # gathers several (the HDX workbooks list the parts' ids, a list that grows between
    # releases while the Main ID stays).
    main_id = _text(cell("main_id"))
    incident_ids = split_list(_text(cell("incident_id")))
    mmp_id = incident_ids[0] if len(incident_ids) == 1 else (main_id or ",".join(incident_ids))
    if "incident_id" not in index and main_id.isdigit():
        mmp_id = f"web-{main_id}"  # the old website's "Web ID", a different numbering
    if incident_ids and all(item.startswith("web-") for item in incident_ids):
        # Waypost's own name for a Web ID, written back by its MMP export: the record's
        # id, not one of IOM's incident ids.
        mmp_id, incident_ids = incident_ids[0], []
    if not mmp_id:
        raise ValueError("no Main ID or Incident ID")
    incident = MmpIncident(
        row=row_number, mmp_id=mmp_id, main_id=main_id, incident_ids=incident_ids
    )
    for name in COUNT_FIELDS:
        if name == "total":
            continue
        try:
            setattr(incident, name, parse_count(cell(name)))
        except ValueError as error:
            raise ValueError(f"{COLUMNS[name][0]}: {error}") from error
    for name in (
        "incident_type",
        "region",
        "origin_countries",
        "origin_region",
        "country",
        "route",
        "place",
        "subregion",
        "source",
        "url",
        "source_quality",
    ):
        setattr(incident, name, _text(cell(name)))
    incident.causes = parse_causes(cell("causes"))
    incident.un_region = un_region(incident.subregion)
    incident.country_iso3 = country_iso3(incident.country)
    if not incident.country:
        # No country column in this scheme (or a blank cell, as in our own export of such
        # a file): the place description often ends with the country. Coordinates would be
        # better, but no country boundaries ship with Waypost.
        incident.country_iso3 = country_in_place(incident.place)
    incident.origin_iso3 = sorted(
        {code for code in map(country_iso3, split_list(incident.origin_countries)) if code}
    )
    raw_date = cell("date")
    incident.date = parse_date(raw_date)
    year_text = _text(cell("year"))
    incident.year = int(float(year_text)) if year_text.replace(".", "", 1).isdigit() else None
    month_text = _text(cell("month")).lower()
    incident.month = MONTHS.get(month_text) or next(
        (
            number
            for name, number in MONTHS.items()
            if month_text and name.startswith(month_text[:3])
        ),
        None,
    )
    if incident.date is not None:
        incident.date_precision = "day"
        incident.year = incident.year or incident.date.year
        incident.month = incident.month or incident.date.month
    elif incident.year:
        incident.date_precision = "month" if incident.month else "year"
        incident.anomalies.append("no date")
    else:
        incident.anomalies.append("no date")
    latitude, longitude, truncated = parse_coordinates(cell("coordinates"))
    incident.latitude, incident.longitude = latitude, longitude
    if truncated:
        incident.anomalies.append(TRUNCATED_COORDINATES)
    if (incident.dead or 0) < 0 or (incident.missing or 0) < 0:
        incident.anomalies.append("negative count")
    if incident.dead is None and incident.missing is None:
        incident.anomalies.append("no dead or missing count")
    try:
        total = parse_count(cell("total"))
    except ValueError:
        total = None
    if total is not None and total != incident.total:
        incident.anomalies.append("total differs from dead plus missing")
    return incident


class Writable(Protocol):
    """Where a writer writes: an open text file, io.StringIO, an HTTP response."""

    def write(self, text: str, /) -> Any: ...


# The columns of the current HDX "allData" scheme, in IOM's order: what write_mmp_csv writes.
EXPORT_COLUMNS = (
    # MMP's Main ID groups the parts of a split incident; Incident ID is each part's own id
    # (our mmp_id when the row is one incident). Writing mmp_id under Main ID lost the group.
    ("Main ID", "main_id"),
    ("Incident ID", "incident_ids"),
    ("Incident Type", "incident_type"),
    ("Region of Incident", "region"),
    ("Incident Date", "date"),
    ("Incident Year", "year"),
    ("Month", "month"),
    ("Number of Dead", "dead"),
    ("Minimum Estimated Number of Missing", "missing"),
    ("Total Number of Dead and Missing", "total"),
    ("Number of Survivors", "survivors"),
    ("Number of Females", "females"),
    ("Number of Males", "males"),
    ("Number of Children", "children"),
    ("Country of Origin", "origin_countries"),
    ("Region of Origin", "origin_region"),
    ("Cause of Death", "causes"),
    ("Country of Incident", "country"),
    ("Migration Route", "route"),
    ("Location of Incident", "place"),
    ("Coordinates", "coordinates"),
    ("UNSD Geographical Grouping", "subregion"),
    ("Information Source", "source"),
    ("URL", "url"),
    ("Source Quality", "source_quality"),
)
_MONTH_NAMES = {number: name.capitalize() for name, number in MONTHS.items()}


def _coordinate_text(value: float, truncated: bool) -> str:
    text = repr(float(value))
    return text[:-2] if truncated and text.endswith(".0") else text


def export_cell(incident: dict[str, Any], key: str) -> str:
    """One incident value as MMP writes it: lists joined by commas, "lat, lon", blank = none."""
    if key == "coordinates":
        lat, lon = incident.get("latitude"), incident.get("longitude")
        if lat is None or lon is None:
            return ""
        # As IOM wrote them: a coordinate published truncated to whole degrees ("27") stays
        # so, and reads back flagged for review as the source was; a whole value that was
        # written with decimals ("-90.000000") keeps a decimal point and is not flagged.
        flags = incident.get("anomalies") or incident.get("review_reasons") or []
        truncated = TRUNCATED_COORDINATES in flags
        return f"{_coordinate_text(lat, truncated)}, {_coordinate_text(lon, truncated)}"
    if key == "total":
        dead, missing = incident.get("dead"), incident.get("missing")
        return "" if dead is None and missing is None else str((dead or 0) + (missing or 0))
    value = incident.get(key)
    if key == "month" and isinstance(value, int):
        return _MONTH_NAMES.get(value, "")
    if key == "main_id" and not value:
        # Incidents stored before main_id was kept: their MMP id is the best Main ID known.
        return str(incident.get("mmp_id") or "")
    if key == "incident_ids" and not value:
        return str(incident.get("mmp_id") or "")
    if isinstance(value, list | tuple):
        return ",".join(str(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def write_mmp_csv(incidents: Iterable[dict[str, Any]], out: Writable) -> None:
    """Write incidents (dicts keyed as MmpIncident) as a CSV in MMP's own columns.

    The file reads back with read_mmp: same ids, counts, dates, places and coordinates.
    Text that a spreadsheet would run as a formula is quoted (formats.cells).
    """
    writer = csv.writer(out)
    writer.writerow([name for name, _ in EXPORT_COLUMNS])
    for incident in incidents:
        writer.writerow([spreadsheet_safe(export_cell(incident, key)) for _, key in EXPORT_COLUMNS])
