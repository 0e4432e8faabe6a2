"""Writes for incidents: importing MMP exports idempotently, entry, review and merge."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from waypost.accounts.models import User
from waypost.core.exceptions import ApplicationError
from waypost.formats.mmp import (
    COLUMNS,
    MmpFormatError,
    MmpIncident,
    RowError,
    check_file,
    country_iso3,
    read_mmp,
    un_region,
)
from waypost.incidents.models import Incident, IncidentSource, IncidentStatus
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
    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RowError] = field(default_factory=list)
    # Said once for the whole file (an encoding that had to be guessed), translated.
    notices: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
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


@transaction.atomic
def incidents_import_mmp(
    *, path: str | Path, actor: User | None = None, progress: Progress | None = None
) -> ImportReport:
    """Import an MMP export: new incidents created, changed ones updated, none duplicated.

    Idempotent by the MMP id (Main ID): each MMP row is also kept as the incident's MMP
    source with a fingerprint, so a re-import leaves unchanged rows alone (local review
    and merges stand) and updates the rows IOM changed. Rows with anomalies IOM publishes
    are imported as they are and flagged for review, so totals match the source;
    unreadable rows are rejected with their row numbers, and nothing else is lost.
    """
    try:
        parsed = read_mmp(path)
    except MmpFormatError as error:
        raise ApplicationError(format_error_message(error)) from error
    report = ImportReport(rows=parsed.rows, rejected=list(parsed.errors))
    if parsed.encoding in ENCODING_NOTICES:
        report.notices.append(str(ENCODING_NOTICES[parsed.encoding]))
    sources = {
        mmp_id: (pk, incident_pk, fingerprint)
        for pk, mmp_id, incident_pk, fingerprint in IncidentSource.objects.exclude(
            mmp_id=""
        ).values_list("pk", "mmp_id", "incident_id", "fingerprint")
    }
    incidents: dict[str, tuple[int, str]] = {}
    for pk, mmp_id, status, merged_ids in Incident.objects.filter(mmp_id__isnull=False).values_list(
        "pk", "mmp_id", "status", "merged_ids"
    ):
        incidents[str(mmp_id)] = (pk, status)
        for merged_id in merged_ids or []:
            incidents.setdefault(merged_id, (pk, ""))
    to_create: list[tuple[Incident, dict[str, Any], str]] = []
    new_sources: list[IncidentSource] = []
    source_updates: list[IncidentSource] = []
    incident_updates: list[Incident] = []
    flag: set[int] = set()
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
        source = _source(row, values)
        known_source = sources.get(row.mmp_id)
        if known_source is not None and known_source[2] == source["fingerprint"]:
            report.unchanged += 1
            continue
        target = incidents.get(row.mmp_id)
        if known_source is None and target is None:
            to_create.append((Incident(mmp_id=row.mmp_id, **values), source, row.mmp_id))
            continue
        report.updated += 1
        incident_pk = known_source[1] if known_source is not None else target[0]  # type: ignore[index]
        if known_source is not None:
            source_updates.append(IncidentSource(pk=known_source[0], **source))
        else:
            new_sources.append(IncidentSource(incident_id=incident_pk, mmp_id=row.mmp_id, **source))
        if target is not None and target[0] == incident_pk and target[1]:
            # The incident carrying this MMP id: MMP is its source of record.
            if target[1] == IncidentStatus.VERIFIED:
                values["review_reasons"] = [*values["review_reasons"], CHANGED_AFTER_REVIEW]
            incident_updates.append(Incident(pk=incident_pk, mmp_id=row.mmp_id, **values))
        else:
            flag.add(incident_pk)  # merged away: its source is updated, the figures reviewed
    for start in range(0, len(to_create), BATCH):
        chunk = to_create[start : start + BATCH]
        created = Incident.objects.bulk_create([incident for incident, _, _ in chunk])
        new_sources.extend(
            IncidentSource(incident=incident, mmp_id=mmp_id, **source)
            for incident, (_, source, mmp_id) in zip(created, chunk, strict=True)
        )
    for start in range(0, len(new_sources), BATCH):
        IncidentSource.objects.bulk_create(new_sources[start : start + BATCH])
    for start in range(0, len(source_updates), BATCH):
        IncidentSource.objects.bulk_update(source_updates[start : start + BATCH], SOURCE_FIELDS)
    for start in range(0, len(incident_updates), BATCH):
        Incident.objects.bulk_update(incident_updates[start : start + BATCH], IMPORTED_FIELDS)
    for incident in Incident.objects.filter(pk__in=flag):
        if MERGED_SOURCE_CHANGED not in incident.review_reasons:
            incident.review_reasons = [*incident.review_reasons, MERGED_SOURCE_CHANGED]
            incident.save(update_fields=["review_reasons", "updated_at"])
    report.imported = len(to_create)
    report.rejected.sort(key=lambda error: error.row)
    if progress is not None:
        progress(parsed.rows, parsed.rows, "")
    audit_record(
        actor=actor,
        action="waypost.incidents.imported",
        record_type="incidents.import",
        record_id=Path(path).name[:60],
        detail={**report.as_json(), "rejected_rows": report.rejected_rows()[:100]},
    )
    return report


IMPORT_SUFFIXES = (".csv", ".xlsx")


@transaction.atomic
def incidents_import_start(*, actor: User, upload: UploadedFile) -> Job:
    """Keep an uploaded MMP export and import it as a background job with live progress."""
    from waypost.incidents.tasks import import_mmp
    from waypost.jobs.services import job_start

    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise ApplicationError(_("Choose an MMP export in CSV or XLSX."))
    folder = Path(settings.MEDIA_ROOT) / "incident-imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as handle:
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
        title=_("Import of %(name)s") % {"name": name},
        task=import_mmp,
        path=str(path),
        actor_id=actor.pk,
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


@transaction.atomic
def incident_merge(*, actor: User, keep: Incident, duplicate: Incident) -> Incident:
    """Merge a duplicate into ``keep``: every source moves over; figures by the documented rule.

    The rule (docs/incidents.md, ``reconciled_counts``): the highest dead count a source
    of reliability 3 or more supports, and the highest minimum-missing estimate of any
    source. The other counts (survivors, sex, children) are not in the sources: the
    higher of the two incidents' is kept, as each is a minimum.
    """
    duplicate_pk = duplicate.pk
    if keep.pk == duplicate.pk:
        raise ApplicationError(_("An incident cannot be merged into itself."))
    IncidentSource.objects.filter(incident=duplicate).update(incident=keep)
    # Whatever other apps link to the duplicate (the tracing app's unidentified remains)
    # follows it to the kept incident.
    for relation in Incident._meta.related_objects:
        if relation.one_to_many and relation.related_model is not IncidentSource:
            relation.related_model._default_manager.filter(
                **{relation.field.name: duplicate}
            ).update(**{relation.field.name: keep})
    keep.dead, keep.missing = reconciled_counts(
        list(IncidentSource.objects.filter(incident=keep)), [keep, duplicate]
    )
    for name in ("survivors", "females", "males", "children"):
        values = [v for v in (getattr(keep, name), getattr(duplicate, name)) if v is not None]
        setattr(keep, name, max(values) if values else None)
    keep.causes = sorted(set(keep.causes or []) | set(duplicate.causes or []))
    # Remember the duplicate's MMP ids, so that a re-import updates its source here
    # instead of bringing the duplicate back.
    merged = [duplicate.mmp_id] if duplicate.mmp_id else []
    keep.merged_ids = sorted(set(keep.merged_ids or []) | set(merged) | set(duplicate.merged_ids))
    for name in ("date", "latitude", "longitude", "country", "country_iso3", "route", "region"):
        if getattr(keep, name) in (None, "") and getattr(duplicate, name) not in (None, ""):
            setattr(keep, name, getattr(duplicate, name))
    duplicate.delete()
    keep.save()
    audit_record(
        actor=actor,
        action="waypost.incidents.merged",
        record=keep,
        detail={"merged": duplicate.mmp_id or duplicate_pk},
    )
    return keep
