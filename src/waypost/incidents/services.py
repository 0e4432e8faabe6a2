"""Writes for incidents: importing MMP exports (each incident once, whatever its ids),
entry, review, and merging what is one incident, one pair or many at a time."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import UploadedFile
from django.db import connections, models, router, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _

from waypost.accounts.models import User
from waypost.conf import private_dir, private_open
from waypost.core.exceptions import ApplicationError
from waypost.core.validators import clean_text_values, without_bidi_controls
from waypost.formats.mmp import (
    COLUMNS,
    MmpFile,
    MmpFormatError,
    MmpIncident,
    RowError,
    check_file,
    country_iso3,
    read_mmp,
    un_region,
)
from waypost.incidents.models import (
    Incident,
    IncidentPair,
    IncidentSource,
    IncidentStatus,
    MmpExport,
)
from waypost.incidents.recognition import WINDOW_DAYS, Facts, Pair, recognise
from waypost.jobs.models import Job
from waypost.protection.audit import audit_record

Progress = Callable[[int, int | None, str], None]
# The incident fields an import sets from an MMP row.
IMPORTED_FIELDS = (
    "main_id",
    "incident_ids",
    "incident_type",
    "date",
    "date_precision",
    "year",
    "month",
    "region",
    "un_region",
    "subregion",
    "country",
    "country_iso3",
    "place",
    "latitude",
    "longitude",
    "route",
    "dead",
    "missing",
    "survivors",
    "females",
    "males",
    "children",
    "causes",
    "origin_region",
    "origin_countries",
    "origin_iso3",
    "review_reasons",
)
SOURCE_FIELDS = ("name", "url", "reliability", "reported_on", "dead", "missing", "fingerprint")
BATCH = 2000
CHANGED_AFTER_REVIEW = "changed in an MMP import after review"
MERGED_SOURCE_CHANGED = "a merged MMP source changed"


# What the MMP reader can say is wrong with a file (formats.mmp.MmpFormatError codes).
FORMAT_ERRORS = {
    "not_mmp": gettext_lazy(
        "Not a Missing Migrants Project export: no Main ID / Web ID, Number of Dead and "
        "Minimum Estimated Number of Missing columns."
    ),
    "empty": gettext_lazy("The file is empty."),
    "not_spreadsheet": gettext_lazy("The file is not a readable spreadsheet (XLSX or ODS)."),
    "archive_entries": gettext_lazy("The spreadsheet holds %(entries)s parts; at most %(limit)s."),
    "archive_size": gettext_lazy("The spreadsheet would unpack to more than %(limit)s MB."),
    "archive_ratio": gettext_lazy(
        "The spreadsheet part %(part)s is compressed beyond anything a real export is."
    ),
    "archive_lying": gettext_lazy(
        "The spreadsheet part %(part)s holds more than the %(declared)s bytes it declares: "
        "the file is damaged or made to do harm."
    ),
    "field_too_long": gettext_lazy(
        "Row %(row)s has a field longer than %(limit)s characters: the file is damaged or "
        "not an MMP export."
    ),
    "not_text": gettext_lazy("Row %(row)s cannot be read as CSV."),
}
ENCODING_NOTICES = {
    "cp1252": gettext_lazy(
        "The file is not UTF-8: it was read as Windows-1252 (Western European). Check that "
        "places and sources look right."
    ),
    "latin-1": gettext_lazy(
        "The file is not UTF-8: it was read as Latin-1 (ISO 8859-1). Check that places and "
        "sources look right."
    ),
}


def format_error_message(error: MmpFormatError) -> str:
    """The reader's error in the user's language."""
    template = FORMAT_ERRORS.get(error.code)
    if template is None:
        return str(error)
    params = {
        name: f"{value:,}" if isinstance(value, int) and name != "row" else value
        for name, value in error.params.items()
    }
    return str(template) % params


@dataclass
class ImportReport:
    """What an import did with each row, and with the incidents it no longer lists.

    Each accepted row is one of: imported (a new incident), recognised (an incident held
    under another id, from another export), updated, unchanged, or older (a newer export
    already gave it: kept as a source, the figures stay the newer export's).
    """

    rows: int = 0
    imported: int = 0
    recognised: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0
    rejected: list[RowError] = field(default_factory=list)
    to_review: int = 0  # new pairs of incidents that may be one, for a person to decide
    withdrawn: int = 0  # incidents no longer counted: a newer complete export dropped them
    restored: int = 0  # incidents counted again
    # Said once for the whole file (an encoding that had to be guessed), translated.
    notices: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "recognised": self.recognised,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "older": self.older,
            "rejected": len(self.rejected),
            "to_review": self.to_review,
            "withdrawn": self.withdrawn,
            "restored": self.restored,
        }

    def rejected_rows(self) -> list[dict[str, Any]]:
        return [{"row": error.row, "reason": error.reason} for error in self.rejected]


@cache
def _limits() -> list[tuple[str, str, int]]:
    """(row attribute, its column name, most characters) for each text an import stores."""
    columns: dict[str, tuple[str, type[models.Model]]] = {
        "mmp_id": ("Main ID", Incident),
        **{name: (names[0], Incident) for name, names in COLUMNS.items()},
    }
    columns["source_quality"] = (COLUMNS["source_quality"][0], IncidentSource)
    limits = []
    for attribute, (label, model) in columns.items():
        name = "reliability" if attribute == "source_quality" else attribute
        try:
            column = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # read but not stored as such (the total, the source's own fields)
        if isinstance(column, models.CharField) and column.max_length:
            limits.append((attribute, label, column.max_length))
    return limits


def _too_long(row: MmpIncident) -> str:
    """Why the row's text does not fit the database ("" when it does): it is rejected whole,
    like any unreadable row, rather than cut or failing the import on PostgreSQL."""
    for attribute, label, most in _limits():
        if len(str(getattr(row, attribute) or "")) > most:
            return f"{label}: longer than {most} characters"
    return ""


def _values(row: MmpIncident) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in IMPORTED_FIELDS if name != "review_reasons"}
    values["review_reasons"] = list(row.anomalies)
    return values


def _source(row: MmpIncident, values: dict[str, Any]) -> dict[str, Any]:
    source = {
        "name": row.source,
        "url": row.url,
        "reliability": row.source_quality,
        "reported_on": row.date,
        "dead": row.dead,
        "missing": row.missing,
    }
    payload = json.dumps([values, source], sort_keys=True, default=str)
    source["fingerprint"] = hashlib.sha256(payload.encode()).hexdigest()
    return source


@dataclass
class _Row:
    """An accepted MMP row: what it sets on its incident and on its source."""

    row: MmpIncident
    values: dict[str, Any]
    source: dict[str, Any]
    recognised: bool = False

    @property
    def fingerprint(self) -> str:
        return str(self.source["fingerprint"])


class _Exports:
    """Every MMP export imported so far, ranked: by last incident date, then import order."""

    def __init__(self) -> None:
        self.by_pk = {export.pk: export for export in MmpExport.objects.all()}

    def rank(self, pk: int | None) -> tuple[date, int]:
        export = self.by_pk.get(pk) if pk is not None else None
        if export is None:
            return (date.min, -1)
        return (export.last_date or date.min, export.sequence)

    def complete_newest_first(self) -> list[MmpExport]:
        complete = [
            e for e in self.by_pk.values() if not e.partial and e.first_date and e.last_date
        ]
        return sorted(complete, key=lambda export: self.rank(export.pk), reverse=True)


def _export_record(*, path: Path, parsed: MmpFile, partial: bool) -> MmpExport:
    """The file as an export: found again by its content however it is named."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(2**20), b""):
            digest.update(chunk)
    dates = [row.date for row in parsed.incidents if row.date is not None]
    sequence = (MmpExport.objects.aggregate(last=Max("sequence"))["last"] or 0) + 1
    export, _ = MmpExport.objects.update_or_create(
        digest=digest.hexdigest(),
        defaults={
            "name": path.name[:255],
            "first_date": min(dates, default=None),
            "last_date": max(dates, default=None),
            "rows": parsed.rows,
            "partial": partial,
            "sequence": sequence,
        },
    )
    return export


def _update_many(model: type[models.Model], objects: list[Any], fields: list[str]) -> None:
    """Write ``fields`` of each object to its row: one parameterised UPDATE run for all.

    Django's bulk_update builds a CASE with a branch per row for every field; for the ten
    thousand incidents a new export changes that is minutes of work, this is seconds.
    """
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = [cast(models.Field[Any, Any], model._meta.get_field(name)) for name in fields]
    now = timezone.now()
    # Identifiers come from the model's own metadata; every value is a parameter.
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(f"{quote(str(column.column))} = %s" for column in columns),
        quote(str(model._meta.pk.column)),
    )
    rows = [
        [
            column.get_db_prep_save(
                now if column.name == "updated_at" else getattr(item, column.attname),
                connection,
            )
            for column in columns
        ]
        + [item.pk]
        for item in objects
    ]
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, BATCH):
            cursor.executemany(sql, chunk)


def _chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def incidents_import_mmp(
    *,
    path: str | Path,
    actor: User | None = None,
    progress: Progress | None = None,
    partial: bool = False,
) -> ImportReport:
    """Import an MMP export: each incident once, whatever scheme of ids the export uses.

    A row is the incident it names by MMP id (its own source's id, or the incident's); a
    row whose id is unknown is compared with the incidents the export does not name
    (``recognition.recognise``): when it is certainly one of them (an older or newer
    export's version under another id) it becomes that incident's source; otherwise it
    is a new incident, and the pairs it might form are kept for review. The figures are
    those of the newest export that lists the incident; a row from an older export is
    kept as a source without changing them. After the import, an incident that a newer
    complete export covers but no longer lists is withdrawn: kept, not counted
    (``_withdrawals``). ``partial`` says the file is a selection (one region, one
    route): it withdraws nothing.

    Idempotent: the same file again changes nothing. Rows with anomalies IOM publishes
    are imported as they are and flagged for review, so totals match the source;
    unreadable rows are rejected with their row numbers, and nothing else is lost.
    """
    path = Path(path)
    try:
        parsed = read_mmp(path)
    except MmpFormatError as error:
        raise ApplicationError(format_error_message(error)) from error
    report = ImportReport(rows=parsed.rows, rejected=list(parsed.errors))
    if parsed.encoding in ENCODING_NOTICES:
        report.notices.append(str(ENCODING_NOTICES[parsed.encoding]))
    export = _export_record(path=path, parsed=parsed, partial=partial)
    exports = _Exports()
    this = exports.rank(export.pk)

    # Who holds each MMP id: its source (which follows merges), else the incident itself.
    sources = {
        mmp_id: (pk, incident_pk, fingerprint, export_pk)
        for pk, mmp_id, incident_pk, fingerprint, export_pk in IncidentSource.objects.exclude(
            mmp_id=""
        ).values_list("pk", "mmp_id", "incident_id", "fingerprint", "export_id")
    }
    holders: dict[str, int] = {}
    state: dict[int, tuple[str, str, int | None, str]] = {}
    fields = ("pk", "mmp_id", "status", "merged_ids", "mmp_export_id", "mmp_fingerprint")
    held = Incident.objects.filter(Q(mmp_id__isnull=False) | Q(mmp_export__isnull=False))
    rows = list(held.values_list(*fields))
    # An MMP row merged into an organisation's record: that record holds its source.
    others = list({known[1] for known in sources.values()} - {row[0] for row in rows})
    for chunk in _chunks(others):
        rows += Incident.objects.filter(pk__in=chunk).values_list(*fields)
    for pk, mmp_id, status, merged_ids, export_pk, fingerprint in rows:
        state[pk] = (mmp_id or "", status, export_pk, fingerprint)
        if mmp_id:
            holders[mmp_id] = pk
        for merged_id in merged_ids or []:
            holders.setdefault(merged_id, pk)

    listed: dict[int, list[_Row]] = defaultdict(list)
    unknown: list[_Row] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(parsed.incidents, start=1):
        if progress is not None and number % BATCH == 0:
            progress(number, parsed.rows, "")
        if row.mmp_id in seen:
            report.rejected.append(
                RowError(row.row, f"repeats the MMP id {row.mmp_id} of row {seen[row.mmp_id]}")
            )
            continue
        seen[row.mmp_id] = row.row
        too_long = _too_long(row)
        if too_long:
            report.rejected.append(RowError(row.row, too_long))
            continue
        values = _values(row)
        entry = _Row(row, values, _source(row, values))
        known = sources.get(row.mmp_id)
        holder = known[1] if known is not None else holders.get(row.mmp_id)
        if holder is not None and holder in state:
            listed[holder].append(entry)
        else:
            unknown.append(entry)

    candidates = _Candidates(exclude=set(listed))
    found = recognise(
        [_row_facts(index, entry.row) for index, entry in enumerate(unknown)],
        candidates.versions(export_pk=export.pk),
    )
    for pair in found.certain:
        entry = unknown[pair.left]
        entry.recognised = True
        listed[pair.right].append(entry)
    report.recognised = len(found.certain)

    taken = set(holders)
    incident_updates: list[Incident] = []
    listing: list[int] = []
    new_sources: list[IncidentSource] = []
    source_updates: list[IncidentSource] = []
    flag: set[int] = set()
    for pk, entries in listed.items():
        mmp_id, status, current, fingerprint = state[pk]
        newer = this >= exports.rank(current)
        primary = None
        if newer:
            primary = next((e for e in entries if e.row.mmp_id == mmp_id), entries[0])
        for entry in entries:
            known = sources.get(entry.row.mmp_id)
            changed = known is not None and known[2] != entry.fingerprint
            if known is None:
                new_sources.append(
                    IncidentSource(
                        incident_id=pk, mmp_id=entry.row.mmp_id, export=export, **entry.source
                    )
                )
            elif this >= exports.rank(known[3]) and (changed or known[3] != export.pk):
                source_updates.append(IncidentSource(pk=known[0], export=export, **entry.source))
            if entry.recognised:
                continue
            if known is not None and this < exports.rank(known[3]):
                report.older += 1
            elif entry is primary and entry.fingerprint != fingerprint:
                report.updated += 1
            elif entry is not primary and changed:
                report.updated += 1
                flag.add(pk)  # a merged row changed: the figures are a person's to review
            else:
                report.unchanged += 1
        if primary is None:
            continue
        if primary.fingerprint == fingerprint and primary.row.mmp_id == mmp_id:
            if current != export.pk:
                listing.append(pk)
            continue
        values = dict(primary.values)
        if status == IncidentStatus.VERIFIED and fingerprint:
            values["review_reasons"] = [*values["review_reasons"], CHANGED_AFTER_REVIEW]
        new_id = primary.row.mmp_id
        if new_id != mmp_id and new_id in taken:
            new_id = mmp_id  # the id is another incident's: this one keeps its own
        taken.add(new_id)
        incident_updates.append(
            Incident(
                pk=pk,
                mmp_id=new_id or None,
                mmp_export=export,
                mmp_fingerprint=primary.fingerprint,
                **values,
            )
        )

    new_rows = [entry for entry in unknown if not entry.recognised]
    created: list[Incident] = []
    for chunk in _chunks(new_rows, BATCH):
        created += Incident.objects.bulk_create(
            [
                Incident(
                    mmp_id=entry.row.mmp_id,
                    mmp_export=export,
                    mmp_fingerprint=entry.fingerprint,
                    **entry.values,
                )
                for entry in chunk
            ]
        )
    new_sources += [
        IncidentSource(incident=incident, mmp_id=entry.row.mmp_id, export=export, **entry.source)
        for incident, entry in zip(created, new_rows, strict=True)
    ]
    report.imported = len(created)
    IncidentSource.objects.bulk_create(new_sources, batch_size=BATCH)
    _update_many(IncidentSource, source_updates, [*SOURCE_FIELDS, "export"])
    _update_many(
        Incident,
        incident_updates,
        [*IMPORTED_FIELDS, "mmp_id", "mmp_export", "mmp_fingerprint", "updated_at"],
    )
    for chunk in _chunks(listing):
        Incident.objects.filter(pk__in=chunk).update(mmp_export=export)
    for incident in Incident.objects.filter(pk__in=flag):
        if MERGED_SOURCE_CHANGED not in incident.review_reasons:
            incident.review_reasons = [*incident.review_reasons, MERGED_SOURCE_CHANGED]
            incident.save(update_fields=["review_reasons", "updated_at"])

    # Pairs for a person: rows that might be an incident held under another id, and new
    # incidents near an organisation's own records.
    index_of = {id(entry): i for i, entry in enumerate(unknown)}
    new_pk = {
        index_of[id(entry)]: incident.pk for incident, entry in zip(created, new_rows, strict=True)
    }
    pairs = [
        (new_pk[pair.left], pair.right, pair, False)
        for pair in found.possible
        if pair.left in new_pk
    ]
    pairs += candidates.independent_pairs(created)
    report.to_review = _pairs_record(pairs)
    report.withdrawn, report.restored = _withdrawals()
    if report.withdrawn and export.first_date and export.last_date:
        covered = Incident.objects.filter(date__range=(export.first_date, export.last_date)).count()
        if report.withdrawn * 4 >= covered:
            # A selection imported as if complete drops a large share of what its dates cover.
            report.notices.append(
                _(
                    "This export no longer lists %(withdrawn)s of the %(covered)s incidents "
                    "of its dates, which are no longer counted. If the file is a selection "
                    "(one region, one route), import it again marked as a selection."
                )
                % {"withdrawn": report.withdrawn, "covered": covered}
            )
    report.rejected.sort(key=lambda error: error.row)
    if progress is not None:
        progress(parsed.rows, parsed.rows, "")
    audit_record(
        actor=actor,
        action="waypost.incidents.imported",
        record_type="incidents.import",
        record_id=path.name[:60],
        detail={**report.as_json(), "rejected_rows": report.rejected_rows()[:100]},
    )
    return report


def _facts(
    key: Any,
    *,
    day: date | None,
    latitude: float | None,
    longitude: float | None,
    dead: int | None,
    missing: int | None,
    place: str,
    url: str,
    main_id: str,
    mmp_id: str,
) -> Facts:
    return Facts(
        key=key,
        day=day.toordinal() if day is not None else None,
        latitude=latitude,
        longitude=longitude,
        dead=dead,
        missing=missing,
        place=place,
        url=url,
        # A Web ID is not IOM's Main ID: two schemes whose numbers must not meet.
        main_id="" if mmp_id.startswith("web-") else main_id,
    )


def _row_facts(key: int, row: MmpIncident) -> Facts:
    return _facts(
        key,
        day=row.date,
        latitude=row.latitude,
        longitude=row.longitude,
        dead=row.dead,
        missing=row.missing,
        place=row.place,
        url=row.url,
        main_id=row.main_id,
        mmp_id=row.mmp_id,
    )


class _Candidates:
    """Incidents a new row or record may be: what recognition compares against."""

    def __init__(self, *, exclude: set[int], window: tuple[date, date] | None = None) -> None:
        incidents = Incident.objects.filter(date__isnull=False)
        links = IncidentSource.objects.exclude(url="")
        if window is not None:
            incidents = incidents.filter(date__range=window)
            links = links.filter(incident__date__range=window)
        urls: dict[int, list[str]] = defaultdict(list)
        for incident_pk, url in links.values_list("incident_id", "url"):
            urls[incident_pk].append(url)
        self.independent_pks = set(
            IncidentSource.objects.filter(mmp_id="").values_list("incident_id", flat=True)
        )
        self.rows = [
            row
            for row in incidents.values_list(
                "pk",
                "date",
                "latitude",
                "longitude",
                "dead",
                "missing",
                "place",
                "main_id",
                "mmp_id",
                "organisation_id",
                "mmp_export_id",
                "withdrawn_by_id",
            )
            if row[0] not in exclude
        ]
        self.urls = urls

    def _facts(self, row: tuple[Any, ...]) -> Facts:
        pk, day, latitude, longitude, dead, missing, place, main_id, mmp_id = row[:9]
        return _facts(
            pk,
            day=day,
            latitude=latitude,
            longitude=longitude,
            dead=dead,
            missing=missing,
            place=place,
            url=" ".join(self.urls.get(pk, ())),
            main_id=main_id,
            mmp_id=mmp_id or "",
        )

    def _independent(self, row: tuple[Any, ...]) -> bool:
        return row[9] is not None or row[0] in self.independent_pks

    def versions(self, *, export_pk: int) -> list[Facts]:
        """MMP incidents from other exports: a row certainly one of them is its version."""
        return [
            self._facts(row)
            for row in self.rows
            if row[10] is not None and row[10] != export_pk and not self._independent(row)
        ]

    def independent_pairs(self, incidents: list[Incident]) -> list[tuple[int, int, Pair, bool]]:
        """Pairs of ``incidents`` with counted records of another origin near them: an
        organisation's record beside MMP's, or two organisations' records."""
        if not incidents:
            return []
        mine = {incident.pk for incident in incidents}
        new_independent = any(
            incident.organisation_id is not None or incident.pk in self.independent_pks
            for incident in incidents
        )
        others = [
            self._facts(row)
            for row in self.rows
            if row[0] not in mine
            and row[11] is None
            and (new_independent or self._independent(row))
        ]
        lefts = [
            _facts(
                incident.pk,
                day=incident.date,
                latitude=incident.latitude,
                longitude=incident.longitude,
                dead=incident.dead,
                missing=incident.missing,
                place=incident.place,
                url=" ".join(self.urls.get(incident.pk, ())),
                main_id=incident.main_id,
                mmp_id=incident.mmp_id or "",
            )
            for incident in incidents
            if incident.date is not None
        ]
        found = recognise(lefts, others, independent=True)
        return [(p.left, p.right, p, True) for p in found.certain] + [
            (p.left, p.right, p, False) for p in found.possible
        ]


def _pairs_record(pairs: list[tuple[int, int, Pair, bool]]) -> int:
    """Keep pairs for review, lowest id first, each once; returns how many are new."""
    records: dict[tuple[int, int], IncidentPair] = {}
    for one, other, pair, certain in pairs:
        first, second = sorted((one, other))
        if first != second and (first, second) not in records:
            records[(first, second)] = IncidentPair(
                first_id=first,
                second_id=second,
                score=pair.score,
                certain=certain,
                evidence=[
                    [code, list(value) if isinstance(value, tuple) else value]
                    for code, value in pair.evidence
                ],
            )
    before = IncidentPair.objects.count()
    IncidentPair.objects.bulk_create(records.values(), batch_size=BATCH, ignore_conflicts=True)
    return IncidentPair.objects.count() - before


def _withdrawals() -> tuple[int, int]:
    """Withdraw every MMP incident that a newer complete export covers but does not list;
    count again any that no longer is. Returns (withdrawn, restored).

    An incident is listed by the newest export whose row it holds (``mmp_export``). A
    complete export covers the dates from its first incident to its last; an incident
    without a date, by its year. An incident that also stands on an organisation's record
    or another non-MMP source is never withdrawn: its other sources still report it.
    """
    exports = _Exports()
    complete = exports.complete_newest_first()
    independent = set(
        IncidentSource.objects.filter(mmp_id="").values_list("incident_id", flat=True)
    )
    changes: dict[int | None, list[int]] = defaultdict(list)
    withdrawn = restored = 0
    for pk, export_pk, day, year, current, organisation in Incident.objects.filter(
        mmp_export__isnull=False
    ).values_list("pk", "mmp_export_id", "date", "year", "withdrawn_by_id", "organisation_id"):
        by = None
        if organisation is None and pk not in independent:
            listed = exports.rank(export_pk)
            for newer in complete:
                if exports.rank(newer.pk) <= listed:
                    break
                if _covers(newer, day, year):
                    by = newer.pk
                    break
        if by != current:
            changes[by].append(pk)
            withdrawn += current is None
            restored += by is None
    for by, pks in changes.items():
        for chunk in _chunks(pks):
            Incident.objects.filter(pk__in=chunk).update(withdrawn_by=by)
    return withdrawn, restored


def _covers(export: MmpExport, day: date | None, year: int | None) -> bool:
    assert export.first_date is not None and export.last_date is not None  # noqa: S101
    if day is not None:
        return export.first_date <= day <= export.last_date
    if year is not None:
        return export.first_date.year <= year <= export.last_date.year
    return False


IMPORT_SUFFIXES = (".csv", ".xlsx")


@transaction.atomic
def incidents_import_start(*, actor: User, upload: UploadedFile, partial: bool = False) -> Job:
    """Keep an uploaded MMP export and import it as a background job with live progress."""
    from waypost.incidents.tasks import import_mmp
    from waypost.jobs.services import job_start

    name = without_bidi_controls(Path(upload.name or "").name)
    suffix = Path(name).suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise ApplicationError(_("Choose an MMP export in CSV or XLSX."))
    folder = private_dir(Path(settings.MEDIA_ROOT) / "incident-imports")
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    with private_open(path) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    try:
        # What can be told at once (not a spreadsheet, not an MMP export) is said on the
        # form; the rows are read in the job.
        check_file(path)
    except MmpFormatError as error:
        path.unlink(missing_ok=True)
        raise ApplicationError(format_error_message(error)) from error
    return job_start(
        actor=actor,
        kind="incidents.import_mmp",
        title=gettext_noop("Import of %(name)s"),
        title_params={"name": name},
        task=import_mmp,
        path=str(path),
        actor_id=actor.pk,
        partial=partial,
        language=get_language() or "",
    )


INCIDENT_FIELDS = (
    "date",
    "date_precision",
    "year",
    "month",
    "region",
    "subregion",
    "country",
    "place",
    "latitude",
    "longitude",
    "route",
    "dead",
    "missing",
    "survivors",
    "females",
    "males",
    "children",
    "causes",
    "origin_region",
    "origin_countries",
)


@transaction.atomic
def incident_save(
    *,
    actor: User,
    incident: Incident | None = None,
    source: dict[str, Any] | None = None,
    **values: Any,
) -> Incident:
    """Create or update an incident entered by an organisation, with a source when given."""
    created = incident is None
    incident = incident or Incident(organisation=actor.organisation)
    values = clean_text_values(values)
    source = clean_text_values(source)
    for name in INCIDENT_FIELDS:
        if name in values:
            setattr(incident, name, values[name])
    if incident.date is not None:
        incident.year, incident.month = incident.date.year, incident.date.month
    incident.country_iso3 = country_iso3(incident.country)
    incident.un_region = un_region(incident.subregion)
    incident.review_reasons = [] if created else incident.review_reasons
    incident.save()
    if source and any(source.values()):
        IncidentSource.objects.create(incident=incident, **source)
    if incident.date is not None:
        # Others' records of the same incident, for a person to merge (never on their own).
        # Any day Python knows may come in: the window stops at its first and last day.
        window = timedelta(days=WINDOW_DAYS)
        around = (
            max(incident.date, date.min + window) - window,
            min(incident.date, date.max - window) + window,
        )
        _pairs_record(_Candidates(exclude=set(), window=around).independent_pairs([incident]))
    audit_record(
        actor=actor,
        action="waypost.incidents." + ("created" if created else "updated"),
        record=incident,
        fields=sorted(values),
    )
    return incident


@transaction.atomic
def incident_verify(*, actor: User, incident: Incident) -> Incident:
    incident.status = "verified"
    incident.review_reasons = []
    incident.save(update_fields=["status", "review_reasons", "updated_at"])
    audit_record(actor=actor, action="waypost.incidents.verified", record=incident)
    return incident


# docs/incidents.md: only sources of at least this reliability (MMP source quality 1–5)
# decide the dead count, since a dead count is a confirmed figure.
RELIABLE = 3


def _reliability(value: str) -> int | None:
    try:
        return int(float(value))
    except ValueError:
        return None


def reconciled_counts(
    sources: list[IncidentSource], own: list[Incident]
) -> tuple[int | None, int | None]:
    """(dead, missing) by the documented rule, over every source of a merged incident.

    Dead: the highest count a source of reliability 3 or more supports; when no such
    source gives one, the higher of the incidents' own counts (nothing better supports
    another). Missing: the highest minimum estimate of any source or incident, as MMP's
    "minimum estimate" is a floor that any report may raise.
    """
    reliable = [
        s.dead
        for s in sources
        if s.dead is not None and (_reliability(s.reliability) or 0) >= RELIABLE
    ]
    fallback = [i.dead for i in own if i.dead is not None]
    dead = max(reliable) if reliable else (max(fallback) if fallback else None)
    missing_values = [s.missing for s in sources if s.missing is not None]
    missing_values += [i.missing for i in own if i.missing is not None]
    return dead, (max(missing_values) if missing_values else None)


def _current_sources(incident: Incident) -> list[IncidentSource]:
    """The incident's sources that are evidence of their own: every non-MMP source, and
    the MMP rows of the export that lists it now (an older export's row of the same
    incident is an earlier version, not another report)."""
    return [
        source
        for source in IncidentSource.objects.filter(incident=incident)
        if not source.mmp_id
        or source.export_id is None
        or source.export_id == incident.mmp_export_id
    ]


def _merge(*, keep: Incident, duplicate: Incident) -> None:
    """Merge ``duplicate`` into ``keep`` (the rule in ``incident_merge``); no audit, no
    withdrawal bookkeeping: the callers do those once."""
    # An incident IOM no longer lists, merged into one it does: an earlier version, whose
    # figures are not another report's. Its sources and ids move; the figures stay.
    version = duplicate.withdrawn_by_id is not None and keep.withdrawn_by_id is None
    evidence = [] if version else _current_sources(keep) + _current_sources(duplicate)
    IncidentSource.objects.filter(incident=duplicate).update(incident=keep)
    # Whatever other apps link to the duplicate (the tracing app's unidentified remains)
    # follows it to the kept incident.
    for relation in Incident._meta.related_objects:
        if relation.one_to_many and relation.related_model not in (IncidentSource, IncidentPair):
            relation.related_model._default_manager.filter(
                **{relation.field.name: duplicate}
            ).update(**{relation.field.name: keep})
    if not version:
        keep.dead, keep.missing = reconciled_counts(evidence, [keep, duplicate])
        for name in ("survivors", "females", "males", "children"):
            values = [v for v in (getattr(keep, name), getattr(duplicate, name)) if v is not None]
            setattr(keep, name, max(values) if values else None)
        keep.causes = sorted(set(keep.causes or []) | set(duplicate.causes or []))
        for name in ("date", "latitude", "longitude", "country", "country_iso3", "route", "region"):
            if getattr(keep, name) in (None, "") and getattr(duplicate, name) not in (None, ""):
                setattr(keep, name, getattr(duplicate, name))
    # Remember the duplicate's MMP ids, so that a re-import updates its source here
    # instead of bringing the duplicate back.
    merged = [duplicate.mmp_id] if duplicate.mmp_id else []
    keep.merged_ids = sorted(set(keep.merged_ids or []) | set(merged) | set(duplicate.merged_ids))
    exports = _Exports()
    if exports.rank(duplicate.mmp_export_id) > exports.rank(keep.mmp_export_id):
        keep.mmp_export_id = duplicate.mmp_export_id  # the merged incident is listed there
    duplicate.delete()
    keep.save()


@transaction.atomic
def incident_merge(*, actor: User, keep: Incident, duplicate: Incident) -> Incident:
    """Merge a duplicate into ``keep``: every source moves over; figures by the documented rule.

    The rule (docs/incidents.md, ``reconciled_counts``): the highest dead count a source
    of reliability 3 or more supports, and the highest minimum-missing estimate of any
    source, counting of MMP's rows only the current export's (an older export's row is
    an earlier version of the same report). The other counts (survivors, sex, children)
    are not in the sources: the higher of the two incidents' is kept, as each is a
    minimum. A duplicate that MMP no longer lists (withdrawn) merged into one it lists
    brings its sources and ids, and leaves the figures as they are.
    """
    duplicate_pk = duplicate.pk
    if keep.pk == duplicate.pk:
        raise ApplicationError(_("An incident cannot be merged into itself."))
    _merge(keep=keep, duplicate=duplicate)
    _withdrawals()
    keep.refresh_from_db()
    audit_record(
        actor=actor,
        action="waypost.incidents.merged",
        record=keep,
        detail={"merged": duplicate.mmp_id or duplicate_pk},
    )
    return keep


def _kept_of(first: Incident, second: Incident) -> tuple[Incident, Incident]:
    """(keep, duplicate) of a pair: the counted incident over a withdrawn one, MMP's
    (the source of record) over an organisation's, the newer export's, the older record."""
    exports = _Exports()

    def preference(incident: Incident) -> tuple[bool, bool, tuple[date, int], int]:
        return (
            incident.withdrawn_by_id is None,
            incident.mmp_export_id is not None,
            exports.rank(incident.mmp_export_id),
            -incident.pk,
        )

    keep, duplicate = sorted((first, second), key=preference, reverse=True)
    return keep, duplicate


@transaction.atomic
def incident_pairs_merge(*, actor: User, pairs: QuerySet[IncidentPair]) -> int:
    """Merge each pair of ``pairs`` (strongest first); returns how many were merged.

    A pair whose incident an earlier merge of the same call took away is left: its pairs
    went with it. Each merge is on the audit log.
    """
    instances: dict[int, Incident] = {}
    gone: set[int] = set()
    merged = 0
    for pair in (
        pairs.filter(distinct=False)
        .select_related("first", "second")
        .order_by("-certain", "-score", "pk")
    ):
        if pair.first_id in gone or pair.second_id in gone:
            continue
        first = instances.setdefault(pair.first_id, pair.first)
        second = instances.setdefault(pair.second_id, pair.second)
        keep, duplicate = _kept_of(first, second)
        duplicate_id = duplicate.mmp_id or duplicate.pk
        gone.add(duplicate.pk)
        _merge(keep=keep, duplicate=duplicate)
        audit_record(
            actor=actor,
            action="waypost.incidents.merged",
            record=keep,
            detail={"merged": duplicate_id, "score": pair.score},
        )
        merged += 1
    _withdrawals()
    return merged


@transaction.atomic
def incident_pairs_tell_apart(*, actor: User, pairs: QuerySet[IncidentPair]) -> int:
    """Mark pairs as two incidents: never proposed again. Returns how many."""
    open_pairs = pairs.filter(distinct=False)
    named = list(open_pairs.values_list("pk", flat=True)[:1000])
    count = open_pairs.update(distinct=True, decided_by=actor, decided_at=timezone.now())
    if count:
        audit_record(
            actor=actor,
            action="waypost.incidents.told_apart",
            record_type="incidents.incidentpair",
            detail={"count": count, "pairs": named},
        )
    return count
