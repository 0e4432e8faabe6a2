"""The input record, CSV reading with row-numbered errors, and pair output."""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from waypost.formats.cells import spreadsheet_safe
from waypost.matching.internals.dates import (
    DateError,
    ImpossibleDate,
    parse_age,
    parse_partial_date,
)

COLUMNS = (
    "id",
    "name",
    "given_name",
    "family_name",
    "sex",
    "birth_date",
    "age",
    "age_date",
    "nationality",
    "place",
    "document_number",
    "phone",
)
PAIR_COLUMNS = ("left_id", "right_id", "score", "match", "explanation")

_SEX = {"m": "M", "male": "M", "f": "F", "female": "F", "x": "X"}
_ALPHA3 = re.compile(r"^[A-Za-z]{3}$")


_FIELDS = frozenset(COLUMNS)
_DATES = ("birth_date", "age_date")


class CsvError(ValueError):
    """A bad input file or row; the message names the file and the row number."""


@dataclass(frozen=True)
class Record:
    """One person as recorded somewhere; every field but ``id`` may be empty.

    ``birth_date`` is partial ISO 8601 (``1998``, ``1998-04``, ``1998-04-17``); ``age`` is an
    estimate in years at ``age_date`` (ISO date; empty means the current year);
    ``nationality`` is ISO 3166-1 alpha-3.
    """

    id: str
    name: str = ""
    given_name: str = ""
    family_name: str = ""
    sex: str = ""
    birth_date: str = ""
    age: str = ""
    age_date: str = ""
    nationality: str = ""
    place: str = ""
    document_number: str = ""
    phone: str = ""

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in COLUMNS}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Record:
        return cls(**{k: (v or "").strip() for k, v in data.items() if k in _FIELDS})


def validate(record: Record) -> Record:
    """Return a normalised copy of ``record`` or raise ``ValueError`` naming the field."""
    if not record.id:
        raise ValueError("id is empty")
    sex = record.sex.strip().lower()
    if sex and sex not in _SEX:
        raise ValueError(f"sex {record.sex!r} is not one of M, F, X")
    nationality = record.nationality.strip()
    if nationality and not _ALPHA3.match(nationality):
        raise ValueError(f"nationality {record.nationality!r} is not an ISO 3166-1 alpha-3 code")
    for column in _DATES:
        value = getattr(record, column)
        try:
            if value:
                parse_partial_date(value)
        except DateError as exc:
            raise ValueError(f"{column}: {exc}") from exc
    try:
        if record.age:
            parse_age(record.age, record.age_date)
    except DateError as exc:
        raise ValueError(str(exc)) from exc
    sex = _SEX.get(sex, "")
    nationality = nationality.upper()
    if sex == record.sex and nationality == record.nationality:
        return record
    return Record(
        id=record.id,
        name=record.name,
        given_name=record.given_name,
        family_name=record.family_name,
        sex=sex,
        birth_date=record.birth_date,
        age=record.age,
        age_date=record.age_date,
        nationality=nationality,
        place=record.place,
        document_number=record.document_number,
        phone=record.phone,
    )


@dataclass(frozen=True)
class DateRepair:
    """A date with an impossible month or day (a typo such as ``1945-04-93``) of which
    the readable part was kept: ``kept`` is the year and month, or the year alone."""

    file: str
    row: int  # as in a spreadsheet, the header being row 1
    id: str
    column: str
    value: str
    kept: str


def read_csv(path: str | Path, *, repairs: list[DateRepair] | None = None) -> list[Record]:
    """Read and validate a CSV file; raise :class:`CsvError` at the first bad row.

    With a ``repairs`` list, a date whose month or day cannot be keeps what is readable
    of it (year and month, or the year if the month is impossible), and the repair is
    appended to the list: real files have such typos, and one of them need not stop a
    run. Other bad values stop the read all the same.
    """
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            return list(_read(fh, str(path), repairs))
    except UnicodeDecodeError as exc:
        raise CsvError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise CsvError(f"{path}: {exc.strerror}") from exc


def _read(lines: Iterable[str], label: str, repairs: list[DateRepair] | None) -> Iterator[Record]:
    # csv.reader with column positions: DictReader's per-row dicts cost more than the rest
    reader = csv.reader(lines)
    header = next(reader, [])
    if "id" not in header:
        raise CsvError(f"{label}: the header has no 'id' column (header: {', '.join(header)})")
    width = len(header)
    columns = list({name: i for i, name in enumerate(header) if name in _FIELDS}.items())
    seen: dict[str, int] = {}
    for row in reader:
        if not row:
            continue
        line = reader.line_num
        if len(row) > width:
            raise CsvError(f"{label}, row {line}: more values than header columns")
        n = len(row)
        values = {name: row[i].strip() if i < n else "" for name, i in columns}
        record = Record(**values)
        if repairs is not None:
            record = _readable_dates(record, label, line, repairs)
        try:
            record = validate(record)
        except ValueError as exc:
            raise CsvError(f"{label}, row {line}: {exc}") from exc
        if record.id in seen:
            raise CsvError(
                f"{label}, row {line}: id {record.id!r} already used on row {seen[record.id]}"
            )
        seen[record.id] = line
        yield record


def _readable_dates(record: Record, label: str, line: int, repairs: list[DateRepair]) -> Record:
    """``record`` with the readable part of each impossible date, the repairs listed."""
    kept = {}
    for column in _DATES:
        value = getattr(record, column)
        try:
            if value:
                parse_partial_date(value)
        except ImpossibleDate as exc:
            kept[column] = exc.readable
            repairs.append(DateRepair(label, line, record.id, column, value, exc.readable))
        except DateError:
            pass  # not a date at all: validate names it
    return dataclasses.replace(record, **kept) if kept else record


PairRow = tuple[str, str, float, bool, str]  # left_id, right_id, score, match, explanation
ROWS_PER_PART = 10_000


def pair_csv(rows: Iterable[PairRow]) -> tuple[str, int]:
    """Rows of pairs as CSV text without the header (:func:`write_pair_csv` writes it),
    and how many rows; a batch renders each share of its pairs in the process that made
    it (``linkage.link_shares``)."""
    out = io.StringIO()
    writer = csv.writer(out)
    count = 0
    for left, right, score, match, explanation in rows:
        # ids and explanations come from the input files: a spreadsheet must not run them
        cells = (spreadsheet_safe(left), spreadsheet_safe(right))
        writer.writerow([*cells, f"{score:.6f}", int(match), spreadsheet_safe(explanation)])
        count += 1
    return out.getvalue(), count


def write_pair_csv(path: str | Path, parts: Iterable[tuple[str, int]]) -> int:
    """Write the header and the parts :func:`pair_csv` rendered; return the rows' count.

    The parts go to a file beside ``path`` as they come (a large run streams them) and
    replace ``path`` only once all are written: a run that fails half-way leaves an
    earlier output as it was, not a truncated one. The file is owner-only (``mkstemp``
    creates it 0600): the pairs name people.
    """
    target = Path(path)
    fd, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    count = 0
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerow(PAIR_COLUMNS)
            for text, rows in parts:
                fh.write(text)
                count += rows
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return count


def write_pairs(path: str | Path, rows: Iterable[PairRow]) -> int:
    """Write ``left_id, right_id, score, match, explanation`` rows; return the count (see
    :func:`write_pair_csv`)."""
    return write_pair_csv(path, map(pair_csv, _batches(rows, ROWS_PER_PART)))


def _batches(rows: Iterable[PairRow], size: int) -> Iterator[list[PairRow]]:
    it = iter(rows)
    while batch := list(itertools.islice(it, size)):
        yield batch
