"""Reader of the World Bank's Remittance Prices Worldwide (RPW) dataset, CSV or XLSX.

The World Bank publishes RPW as one workbook (``rpw_dataset_2011_<year>_q<n>.xlsx`` in its
Data Catalog, dataset 0037898, CC BY 4.0) whose sheet "Dataset (from Q2 2016)" has one row
per firm, product and corridor in each quarter, under a single header row of 42 columns
(``COLUMNS``). The same columns saved as CSV are read too. Column names are matched without
regard to case, spaces or underscores; a column the dataset does not have is refused by
name, so that a file of another shape is never half read. Plain Python: no Django.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from waypost.formats.mmp import MmpFormatError, check_archive, decode

# The columns of RPW's sheet "Dataset (from Q2 2016)", in the order the World Bank writes
# them. ``cc1`` is the cost of sending USD 200, ``cc2`` of sending USD 500.
COLUMNS = (
    "id",
    "period",
    "source_code",
    "source_name",
    "source_region",
    "source_income",
    "source_lending",
    "source_G8G20",
    "destination_code",
    "destination_name",
    "destination_region",
    "destination_income",
    "destination_lending",
    "destination_G8G20",
    "firm",
    "firm_type",
    "payment instrument",
    "access point",
    "speed actual",
    "cc1 lcu amount",
    "cc1 denomination amount",
    "cc1 lcu code",
    "cc1 lcu fee",
    "cc1 lcu fx rate",
    "cc1 fx margin",
    "cc1 total cost %",
    "cc2 lcu amount",
    "cc2 denomination amount",
    "cc2 lcu code",
    "cc2 lcu fee",
    "cc2 lcu fx rate",
    "cc2 fx margin",
    "cc2 total cost %",
    "inter lcu bank fx",
    "transparent",
    "Standard Note",
    "note2",
    "receiving network coverage",
    "pickup location",
    "pickup method",
    "date",
    "corridor",
)
# Columns of the workbook's older sheet "Dataset (up to Q1 2016)" that the newer one
# renamed or dropped: known, so a file cut from it is not refused, but not stored.
LEGACY_COLUMNS = ("product", "sending location", "note1", "pick-up method")
REQUIRED = ("period", "source_code", "destination_code", "firm", "cc1 total cost %")
MAIN_SHEET = "Dataset (from Q2 2016)"
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods")
MAX_ROWS = 2_000_000  # the whole dataset since 2011 has about 250,000


def _norm(name: str) -> str:
    return re.sub(r"[\s_]+", " ", str(name)).strip().casefold()


KNOWN = {_norm(name): name for name in (*COLUMNS, *LEGACY_COLUMNS)}
_PERIOD = (
    re.compile(r"^(?P<year>\d{4})\s*[-_ ]?\s*(?P<quarter>[1-4])\s*Q$", re.IGNORECASE),
    re.compile(r"^(?P<year>\d{4})\s*[-_ ]?\s*Q\s*(?P<quarter>[1-4])$", re.IGNORECASE),
    re.compile(r"^Q\s*(?P<quarter>[1-4])\s*[-_ ]?\s*(?P<year>\d{4})$", re.IGNORECASE),
)


class RpwFormatError(ValueError):
    """The file is not in RPW's columns; ``code`` and ``params`` say why (English message)."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def parse_period(value: Any) -> str | None:
    """``"2025_2Q"`` (RPW's spelling), ``"2025Q2"``, ``"Q2 2025"`` -> ``"2025Q2"``."""
    text = str(value or "").strip()
    for pattern in _PERIOD:
        match = pattern.match(text)
        if match:
            return f"{match['year']}Q{match['quarter']}"
    return None


def parse_number(value: Any) -> float | None:
    """A cost or fee; blank, ``..`` (the World Bank's "no data") or text is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value or "").strip().rstrip("%").strip()
        if not text or text in ("..", "-", "n/a", "NA"):
            return None
        try:
            number = float(text)
        except ValueError:
            return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class RpwService:
    period: str
    source_code: str
    source_name: str
    destination_code: str
    destination_name: str
    firm: str
    firm_type: str
    payment_instrument: str
    access_point: str
    speed: str
    pickup_method: str
    transparent: str
    cc1_fee: float | None
    cc1_fx_margin: float | None
    cc1_total_cost: float
    cc2_fee: float | None
    cc2_fx_margin: float | None
    cc2_total_cost: float | None


@dataclass(frozen=True)
class RpwRejected:
    row: int  # as a spreadsheet numbers it: the header is row 1
    reason: str


@dataclass
class RpwFile:
    rows: int = 0
    services: list[RpwService] = field(default_factory=list)
    rejected: list[RpwRejected] = field(default_factory=list)


def _text(value: Any, limit: int = 200) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())[:limit]


def _code(value: Any) -> str:
    text = _text(value, 10).upper()
    return text if re.fullmatch(r"[A-Z]{3}", text) else ""


def _table(path: Path) -> Iterator[list[Any]]:
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        try:
            check_archive(path)
        except MmpFormatError as error:
            raise RpwFormatError("not_a_spreadsheet", str(error)) from error
        try:
            workbook = CalamineWorkbook.from_path(str(path))
            names = list(workbook.sheet_names)
            # The World Bank's workbook holds its terms, a legend and two datasets: the
            # current one by name, else the first sheet whose first row names a period.
            order = sorted(names, key=lambda name: name != MAIN_SHEET)
            for name in order:
                rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
                if rows and "period" in {_norm(str(cell)) for cell in rows[0] if cell is not None}:
                    yield from (list(row) for row in rows)
                    return
        except (CalamineError, ValueError, IndexError, OSError) as error:
            raise RpwFormatError(
                "not_a_spreadsheet", f"The file cannot be read: {error}"
            ) from error
        raise RpwFormatError(
            "no_dataset", "No sheet of the workbook has RPW's header row (period, source_code...)."
        )
    text, _encoding = decode(path.read_bytes())
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def read_rpw(path: str | Path) -> RpwFile:
    """Every row of an RPW file: the services it prices, and the rows it cannot use."""
    rows = _table(Path(path))
    header = next(rows, None)
    if header is None:
        raise RpwFormatError("empty", "The file is empty.")
    index: dict[str, int] = {}
    unknown: list[str] = []
    for position, cell in enumerate(header):
        name = _text(cell)
        if not name:
            continue  # the published workbook has a few unnamed columns after its last
        canonical = KNOWN.get(_norm(name))
        if canonical is None:
            unknown.append(name)
        else:
            index.setdefault(canonical, position)
    if unknown:
        raise RpwFormatError(
            "unknown_columns",
            "Columns that Remittance Prices Worldwide does not have: "
            + ", ".join(unknown)
            + ". Its columns are: "
            + ", ".join(COLUMNS)
            + ".",
            columns=", ".join(unknown),
        )
    missing = [name for name in REQUIRED if name not in index]
    if missing:
        raise RpwFormatError(
            "missing_columns",
            "The file lacks these columns of Remittance Prices Worldwide: "
            + ", ".join(missing)
            + ".",
            columns=", ".join(missing),
        )
    result = RpwFile()
    for number, row in enumerate(rows, start=2):
        if not any(cell not in (None, "") for cell in row):
            continue
        result.rows += 1
        if result.rows > MAX_ROWS:
            raise RpwFormatError("too_many_rows", f"More than {MAX_ROWS} rows.", limit=MAX_ROWS)

        def cell(name: str, row: list[Any] = row) -> Any:
            position = index.get(name)
            return row[position] if position is not None and position < len(row) else None

        period = parse_period(cell("period"))
        source, destination = _code(cell("source_code")), _code(cell("destination_code"))
        firm = _text(cell("firm"))
        cost = parse_number(cell("cc1 total cost %"))
        reason = (
            "the period is not a quarter such as 2025_2Q"
            if period is None
            else "source_code and destination_code must be ISO 3166-1 alpha-3 codes"
            if not source or not destination
            else "no firm"
            if not firm
            else "no total cost of sending USD 200 (cc1 total cost %)"
            if cost is None
            else ""
        )
        if reason or period is None or cost is None:
            result.rejected.append(RpwRejected(row=number, reason=reason))
            continue
        result.services.append(
            RpwService(
                period=period,
                source_code=source,
                source_name=_text(cell("source_name")),
                destination_code=destination,
                destination_name=_text(cell("destination_name")),
                firm=firm,
                firm_type=_text(cell("firm_type"), 100),
                payment_instrument=_text(cell("payment instrument")),
                access_point=_text(cell("access point")),
                speed=_text(cell("speed actual"), 100),
                pickup_method=_text(cell("pickup method") or cell("pick-up method")),
                transparent=_text(cell("transparent"), 10).casefold(),
                cc1_fee=parse_number(cell("cc1 lcu fee")),
                cc1_fx_margin=parse_number(cell("cc1 fx margin")),
                cc1_total_cost=cost,
                cc2_fee=parse_number(cell("cc2 lcu fee")),
                cc2_fx_margin=parse_number(cell("cc2 fx margin")),
                cc2_total_cost=parse_number(cell("cc2 total cost %")),
            )
        )
    return result
