"""PFIF 1.4 exchange of tracing records (Google Person Finder's format) and matching CSV import.

Each record becomes a PFIF person with a note saying what is known (information sought,
believed alive, believed dead). What PFIF has no field for (nationality, age date, place,
status, enquirer and their consents, post-mortem data, photos) travels in a Waypost
extension namespace, so that a Waypost export re-imports with nothing lost while staying
valid PFIF for others.

Photos travel inside the document (base64), not as PFIF ``photo_url`` links: a link would
have to point at a server that anyone holding the file could reach, and photos of remains
must not be shown to whoever opens it. The link between remains and their incident travels
as the incident's MMP id, the one identifier both instances share; on import the remains
are linked to the incident with that MMP id if the instance holds it.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import UTC, date
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from waypost.accounts.models import Organisation, User
from waypost.formats.pfif import (
    NOTE_FIELDS,
    PfifNote,
    PfifPerson,
    format_timestamp,
    parse,
    serialize,
)
from waypost.incidents.models import Incident
from waypost.matching import read_csv
from waypost.protection.audit import audit_record
from waypost.protection.keys import blind_index
from waypost.tracing import services
from waypost.tracing.models import (
    FoundPerson,
    MissingPersonReport,
    PersonRecord,
    ShareConsent,
    UnidentifiedRemains,
    is_child,
)
from waypost.tracing.selectors import enquirer_consents

NS = "urn:waypost:pfif:1"
KINDS: dict[str, type[PersonRecord]] = {
    "missing": MissingPersonReport,
    "found": FoundPerson,
    "remains": UnidentifiedRemains,
}
KIND_OF = {model: kind for kind, model in KINDS.items()}
NOTE_STATUS = {
    "missing": "information_sought",
    "found": "believed_alive",
    "remains": "believed_dead",
}
# The text of each record's note (PFIF requires one): what the organisation knows, in words,
# for readers of the document who do not read the status codes.
NOTE_TEXT = {
    "missing": gettext_noop(
        "A family is looking for this person; %(organisation)s is tracing them."
    ),
    "found": gettext_noop("%(organisation)s recorded this person alive."),
    "remains": gettext_noop(
        "%(organisation)s holds the remains of this person, not yet identified."
    ),
}
SEX_TO_PFIF = {"M": "male", "F": "female", "": ""}
SEX_FROM_PFIF = {"male": "M", "female": "F"}
# Waypost fields carried as extensions, with how to turn them back into values.
EXTENSION_FIELDS = (
    "nationality",
    "age_date",
    "place",
    "document_number",
    "status",
    "closed_reason",
    "share_consent",
    "found_at_kind",
    "recovery_date",
    "age_min",
    "age_max",
)
JSON_EXTENSIONS = ("details", "enquirer")
# PFIF person fields the records have no column for: kept in ``details`` (sealed, where the
# records keep what is told about a person beyond the compared identity) and written back
# as these PFIF fields, not inside the details extension. Alternate names are a list there,
# one name per line in PFIF.
DETAILS_FIELDS = ("given_name", "family_name", "alternate_names", "home_city")
# Notes of other systems about a person (news from a hospital, a neighbour, a partner), kept
# in the record's details under this key with their PFIF fields, and exported again as notes.
NOTES_KEY = "pfif_notes"
NOTE_KEPT_FIELDS = tuple(name for name in NOTE_FIELDS if name != "person_record_id")


def _ext(name: str) -> str:
    return f"{{{NS}}}{name}"


def to_pfif(record: PersonRecord) -> PfifPerson:
    kind = KIND_OF[type(record)]
    organisation = record.organisation
    # PFIF keeps a record's id as it is copied from system to system: a record imported from
    # a partner goes on under the partner's id, so the next system recognises it too.
    record_id = record.source_record_id or f"{organisation.slug}.waypost/{kind}.{record.pk}"
    stamp = format_timestamp(record.created_at.astimezone(UTC))
    extensions = {_ext("kind"): kind}
    for name in EXTENSION_FIELDS:
        value = getattr(record, name, None)
        if value not in (None, ""):
            extensions[_ext(name)] = value.isoformat() if isinstance(value, date) else str(value)
    details = dict(record.details or {})
    in_pfif = {name: details.pop(name, None) for name in DETAILS_FIELDS}
    kept_notes = details.pop(NOTES_KEY, [])
    alternate = in_pfif["alternate_names"]
    for name in JSON_EXTENSIONS:
        value = details if name == "details" else getattr(record, name, None)
        if value:
            extensions[_ext(name)] = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if not record.name:
        extensions[_ext("unnamed")] = "1"
    if isinstance(record, MissingPersonReport):
        consents = sorted(enquirer_consents(record))
        extensions[_ext("enquirer_consents")] = json.dumps(consents)
    if isinstance(record, UnidentifiedRemains) and record.incident and record.incident.mmp_id:
        extensions[_ext("incident_mmp_id")] = record.incident.mmp_id
    photos = [base64.b64encode(photo.content).decode("ascii") for photo in record.photos.all()]
    if photos:
        extensions[_ext("photos")] = json.dumps(photos)
    age = "" if record.age is None else str(record.age)
    if isinstance(record, UnidentifiedRemains) and record.age_min is not None and not age:
        age = f"{record.age_min}-{record.age_max or record.age_min}"
    note = PfifNote(
        note_record_id=f"{organisation.slug}.waypost/note.{kind}.{record.pk}",
        person_record_id=record_id,
        entry_date=stamp,
        source_date=stamp,
        author_name=organisation.name,
        status=NOTE_STATUS[kind],
        text=gettext(NOTE_TEXT[kind]) % {"organisation": organisation.name},
        last_known_location=record.place if kind != "missing" else "",
        # Marks the note Waypost writes from the record itself: on import its content is
        # already in the record, so it is not kept a second time among the partner's notes.
        extensions={_ext("note"): kind},
    )
    notes = [note] + [
        PfifNote(**{**stored, "person_record_id": record_id})
        for stored in kept_notes
        if stored.get("note_record_id") != note.note_record_id
    ]
    return PfifPerson(
        person_record_id=record_id,
        entry_date=stamp,
        source_date=stamp,
        source_name=organisation.name,
        author_name=organisation.name,
        full_name=record.name or "Unknown",
        given_name=str(in_pfif["given_name"] or ""),
        family_name=str(in_pfif["family_name"] or ""),
        alternate_names="\n".join(alternate) if isinstance(alternate, list) else (alternate or ""),
        home_city=str(in_pfif["home_city"] or ""),
        sex=SEX_TO_PFIF.get(record.sex, ""),
        date_of_birth=record.birth_date,
        age=age,
        description=record.description,
        notes=notes,
        extensions=extensions,
    )


def export_pfif(organisation: Organisation, *, actor: User | None = None) -> str:
    """Every record of ``organisation`` as PFIF 1.4, audited like any other read of them."""
    records: list[PersonRecord] = []
    for model in KINDS.values():
        records.extend(
            model._default_manager.filter(organisation=organisation)
            .select_related("organisation")
            .order_by("pk")
        )
    document = serialize((to_pfif(record) for record in records), prefixes={NS: "waypost"})
    # A file of personal data leaves the system: the log says who took how many records of
    # which kinds, and when; never their contents (the log holds no personal values).
    audit_record(
        actor=actor,
        action="waypost.tracing.records.exported",
        record=organisation,
        fields=["*"],
        purpose="tracing",
        detail={
            "format": "pfif-1.4",
            "records": {
                kind: sum(type(r) is model for r in records) for kind, model in KINDS.items()
            },
        },
    )
    return document


@dataclass
class ImportResult:
    """How many records of each kind an import created and how many it updated."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    problems: list[str] = field(default_factory=list)


def import_pfif(data: str | bytes, organisation: Organisation) -> ImportResult:
    """Create the document's persons as records of ``organisation``, or update them.

    A person imported before (same person_record_id, kept sealed on the record) is updated,
    so importing the same file, or a newer export of the same partner, adds no duplicates.
    """
    result = ImportResult()
    document = parse(data)
    in_document = {person.person_record_id for person in document.persons}
    # PFIF lets notes stand outside their person, naming it by person_record_id.
    top_level: dict[str, list[PfifNote]] = {}
    for note in document.notes:
        top_level.setdefault(note.person_record_id, []).append(note)
    for person in document.persons:
        notes = person.notes + top_level.get(person.person_record_id, [])
        extensions = person.extensions
        kind = extensions.get(_ext("kind")) or _kind_from_notes(notes)
        values: dict[str, Any] = {
            "name": "" if extensions.get(_ext("unnamed")) else person.full_name,
            "sex": SEX_FROM_PFIF.get(person.sex, ""),
            "birth_date": person.date_of_birth,
            "description": person.description,
        }
        if person.age.isdigit():
            values["age"] = int(person.age)
        for name in EXTENSION_FIELDS:
            if _ext(name) in extensions:
                raw = extensions[_ext(name)]
                values[name] = (
                    int(raw)
                    if name in ("age_min", "age_max")
                    else (date.fromisoformat(raw) if name == "recovery_date" else raw)
                )
        for name in JSON_EXTENSIONS:
            if _ext(name) in extensions:
                values[name] = json.loads(extensions[_ext(name)])
        details = dict(values.get("details") or {})
        for name in DETAILS_FIELDS:
            value = getattr(person, name)
            if name == "alternate_names":
                names = [line.strip() for line in value.splitlines() if line.strip()]
                if names:
                    details[name] = names
            elif value:
                details[name] = value
        foreign = [_note_kept(n) for n in notes if _ext("note") not in n.extensions]
        if foreign:
            details[NOTES_KEY] = foreign
        if details:
            values["details"] = details
        if "place" not in values:
            values["place"] = next(
                (n.last_known_location for n in _by_date(notes)[::-1] if n.last_known_location),
                "",
            )
        if _ext("enquirer_consents") in extensions:
            values["enquirer_consents"] = json.loads(extensions[_ext("enquirer_consents")])
        if _ext("incident_mmp_id") in extensions:
            incident = Incident.objects.filter(mmp_id=extensions[_ext("incident_mmp_id")]).first()
            values["incident_id"] = incident.pk if incident else None
        if kind == "found" and values.get("share_consent", ShareConsent.NOTHING) != (
            ShareConsent.NOTHING
        ):
            values["guardian_or_decision"] = _partner_decision(person, values)
        record, created = services.record_import(
            model=KINDS[kind],
            organisation_id=organisation.pk,
            source_record_id=person.person_record_id,
            **values,
        )
        held = set() if created else {photo.content for photo in record.photos.all()}
        for photo in json.loads(extensions.get(_ext("photos"), "[]")):
            content = base64.b64decode(photo)
            # Photos travel already re-encoded, so the same photo comes back byte for byte.
            if content not in held:
                services.photo_add(actor=None, record=record, data=content)
        (result.created if created else result.updated)[kind] += 1
    for person_record_id, notes in top_level.items():
        if person_record_id not in in_document:
            _add_notes_to_imported(person_record_id, notes, organisation, result)
    return result


def _partner_decision(person: PfifPerson, values: dict[str, Any]) -> str:
    """For a child who agreed to share: where the guardian's consent or decision was recorded.

    Only a Waypost export carries a found person's share_consent (others import as
    "nothing", which needs no consent), and Waypost records no such consent of a child
    without the guardian who gave it or a best-interests decision. That record stays with
    the sending organisation; the receiving one records where it is, instead of refusing
    the child's record or inventing a guardian. Adults need no such text.
    """
    child = is_child(
        birth_date=values.get("birth_date", ""),
        age=values.get("age"),
        age_date=values.get("age_date", ""),
        today=timezone.localdate(),
    )
    if not child:
        return ""
    partner = person.source_name or person.author_name or person.person_record_id.split("/")[0]
    return gettext(
        "Received from %(partner)s (PFIF record %(record)s) under the sharing agreement "
        "with it: %(partner)s recorded the guardian's consent or the best-interests decision "
        "before sharing, and holds that record."
    ) % {"partner": partner, "record": person.person_record_id}


def _note_kept(note: PfifNote) -> dict[str, str]:
    return {name: getattr(note, name) for name in NOTE_KEPT_FIELDS if getattr(note, name)}


def _by_date(notes: list[PfifNote]) -> list[PfifNote]:
    # PFIF timestamps are all UTC in one format, so their text sorts by time.
    return sorted(notes, key=lambda n: n.source_date)


def _add_notes_to_imported(
    person_record_id: str, notes: list[PfifNote], organisation: Organisation, result: ImportResult
) -> None:
    """News about a person imported from an earlier file: added to that record's notes.

    A note about a person this organisation never received has nobody to go to; it is
    left out and named in the result rather than stored loose.
    """
    index = blind_index(person_record_id, kind=services.SOURCE_RECORD_INDEX)
    for model in KINDS.values():
        record = model._default_manager.filter(
            organisation=organisation, source_record_index=index
        ).first()
        if record is not None:
            break
    else:
        result.problems.extend(
            gettext(
                "Note %(note)s is about person %(person)s, who is neither in the file nor "
                "imported before; it was not imported."
            )
            % {"note": note.note_record_id, "person": person_record_id}
            for note in notes
        )
        return
    details = dict(record.details or {})
    kept = {n["note_record_id"]: n for n in details.get(NOTES_KEY, [])}
    kept.update((n.note_record_id, _note_kept(n)) for n in notes)
    details[NOTES_KEY] = list(kept.values())
    services.record_import(
        model=type(record),
        organisation_id=organisation.pk,
        source_record_id=person_record_id,
        details=details,
    )
    result.updated[KIND_OF[type(record)]] += 1


def _kind_from_notes(notes: list[PfifNote]) -> str:
    statuses = {note.status for note in notes}
    if "believed_dead" in statuses:
        return "remains"
    if "believed_alive" in statuses or "is_note_author" in statuses:
        return "found"
    return "missing"


def import_csv(path: Path, kind: str, organisation: Organisation) -> int:
    """Import records in the matching engine's CSV columns (bad rows stop it, with row numbers)."""
    model = KINDS[kind]
    count = 0
    for row in read_csv(str(path)):
        name = row.name or " ".join(part for part in (row.given_name, row.family_name) if part)
        services.record_create(
            actor=None,
            model=model,
            organisation_id=organisation.pk,
            name=name,
            sex=row.sex,
            birth_date=row.birth_date,
            age=int(row.age) if row.age.isdigit() else None,
            age_date=row.age_date,
            nationality=row.nationality,
            place=row.place,
            document_number=row.document_number,
            details={"source_id": row.id, **({"phone": row.phone} if row.phone else {})},
        )
        count += 1
    return count
