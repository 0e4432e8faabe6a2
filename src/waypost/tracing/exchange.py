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
from datetime import UTC, date, datetime
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
    parse_timestamp,
    serialize,
)
from waypost.incidents.selectors import incident_by_mmp_id
from waypost.matching import read_csv
from waypost.protection.audit import audit_record
from waypost.protection.keys import blind_index
from waypost.tracing import services
from waypost.tracing.models import (
    Candidate,
    CandidateStatus,
    FamilyNotification,
    FoundPerson,
    MissingPersonReport,
    PersonRecord,
    ReportStatus,
    ShareConsent,
    UnidentifiedRemains,
    is_child,
)
from waypost.tracing.selectors import (
    enquirer_consent_methods,
    enquirer_consents,
    family_may_know,
    found_person_consents,
    record_disclosable,
    share_consent_of,
)

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
CONFIRMED_TEXT = {
    "believed_alive": gettext_noop(
        "%(organisation)s confirmed, after two reviewers agreed, that this person has been "
        "found alive."
    ),
    "believed_dead": gettext_noop(
        "%(organisation)s confirmed, after two reviewers agreed (one a forensic specialist), "
        "that this person has died and has been identified."
    ),
}
# Report statuses from what partners' notes last said (documents without Waypost's own
# status): the partner's word, kept with its notes for reviewers to weigh.
STATUS_FROM_NOTE = {
    "believed_alive": ReportStatus.LOCATED_ALIVE,
    "is_note_author": ReportStatus.LOCATED_ALIVE,
    "believed_dead": ReportStatus.IDENTIFIED_DECEASED,
    "believed_missing": ReportStatus.OPEN,
    "information_sought": ReportStatus.OPEN,
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
    "closed_note",
    "found_at_kind",
    "message",
    "recovery_date",
    "age_min",
    "age_max",
)
JSON_EXTENSIONS = ("details", "enquirer", "antemortem", "postmortem")
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


def to_pfif(record: PersonRecord, *, recipient: Organisation | None = None) -> PfifPerson:
    """``record`` as a PFIF person, for ``recipient`` (the owner itself when None)."""
    kind = KIND_OF[type(record)]
    organisation = record.organisation
    # PFIF keeps a record's id as it is copied from system to system: a record imported from
    # a partner goes on under the partner's id, so the next system recognises it too.
    record_id = record.source_record_id or f"{organisation.slug}.waypost/{kind}.{record.pk}"
    stamp = format_timestamp(record.created_at.astimezone(UTC))
    extensions = {_ext("kind"): kind}
    # A found person who has not allowed their family to know where they are: a partner's
    # file (the partner may be the family's organisation) carries no place of them.
    place_withheld = (
        isinstance(record, FoundPerson)
        and recipient is not None
        and recipient.pk != organisation.pk
        and family_may_know(record) != "where"
    )
    for name in EXTENSION_FIELDS:
        if name == "place" and place_withheld:
            continue
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
        # How each was given (oral, written, ...): part of the consent record itself.
        methods = enquirer_consent_methods(record)
        extensions[_ext("enquirer_consent_methods")] = json.dumps(methods, sort_keys=True)
    if isinstance(record, FoundPerson):
        # What the person allows, each consent on its own; and, for Waypost instances
        # older than issue 32, the single choice they read.
        extensions[_ext("found_consents")] = json.dumps(sorted(found_person_consents(record)))
        extensions[_ext("share_consent")] = share_consent_of(record)
    if (
        isinstance(record, MissingPersonReport)
        and record.other_enquirers
        and (recipient is None or recipient.pk == organisation.pk)
    ):
        # Enquirers of merged reports agreed to their own report's purposes, not to this
        # report's: only the owner's own copy carries them.
        extensions[_ext("other_enquirers")] = json.dumps(
            record.other_enquirers, ensure_ascii=False, sort_keys=True
        )
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
        last_known_location=record.place if kind != "missing" and not place_withheld else "",
        # Marks the note Waypost writes from the record itself: on import its content is
        # already in the record, so it is not kept a second time among the partner's notes.
        extensions={_ext("note"): kind},
    )
    notes = [note, *_outcome_notes(record, record_id, recipient or organisation)]
    written = {n.note_record_id for n in notes}
    notes += [
        PfifNote(**{**stored, "person_record_id": record_id})
        for stored in kept_notes
        if stored.get("note_record_id") not in written
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


def _pfif_id(record: PersonRecord) -> str:
    kind = KIND_OF[type(record)]
    return record.source_record_id or f"{record.organisation.slug}.waypost/{kind}.{record.pk}"


def _outcome_notes(record: PersonRecord, record_id: str, recipient: Organisation) -> list[PfifNote]:
    """Notes for what review decided: confirmed identifications and families told.

    PFIF says "found alive" or "dead" with a note's status, and "these two records are the
    same person" with linked_person_record_id, the way Person Finder marks duplicates.
    The link is written only to a record of the same organisation (it is in the same
    file): another organisation's record id would tell whoever holds the file where a
    found person is, which their consent may not allow. A confirmation is told at all
    only if the file may carry the other record too (``record_disclosable``): "found
    alive" on a found person says that a family looked for them. Reviews (who decided,
    their reasons) and how the family took the news stay in Waypost.
    """
    organisation = record.organisation
    kind = KIND_OF[type(record)]
    notes = []
    field_name = {"missing": "report", "found": "found_person", "remains": "remains"}[kind]
    confirmed = Candidate.objects.filter(
        **{field_name: record}, status=CandidateStatus.CONFIRMED
    ).select_related("report", "found_person", "remains")
    for candidate in confirmed:
        other = candidate.report if kind != "missing" else candidate.other
        if not record_disclosable(other, recipient=recipient):
            continue
        dead = candidate.remains_id is not None
        status = "believed_dead" if dead else "believed_alive"
        stamp = format_timestamp(candidate.updated_at)
        notes.append(
            PfifNote(
                note_record_id=f"{organisation.slug}.waypost/confirmed.{kind}.{candidate.pk}",
                person_record_id=record_id,
                linked_person_record_id=(
                    _pfif_id(other) if other.organisation_id == record.organisation_id else ""
                ),
                entry_date=stamp,
                source_date=stamp,
                author_name=organisation.name,
                status=status,
                text=gettext(CONFIRMED_TEXT[status]) % {"organisation": organisation.name},
            )
        )
        told = FamilyNotification.objects.filter(candidate=candidate, done_at__isnull=False).first()
        if kind == "missing" and told is not None and told.done_at is not None:
            told_stamp = format_timestamp(told.done_at)
            notes.append(
                PfifNote(
                    note_record_id=f"{organisation.slug}.waypost/told.{candidate.pk}",
                    person_record_id=record_id,
                    entry_date=told_stamp,
                    source_date=told_stamp,
                    author_name=organisation.name,
                    status=status,
                    text=gettext("%(organisation)s told the family on %(date)s.")
                    % {"organisation": organisation.name, "date": told_stamp[:10]},
                )
            )
    return notes


def export_pfif(
    organisation: Organisation, *, recipient: Organisation, actor: User | None = None
) -> str:
    """``organisation``'s records that a file for ``recipient`` may carry, as PFIF 1.4.

    The recipient is the owner itself for its own copy (every record), or a partner, who
    gets only what ``selectors.record_disclosable`` allows. Audited like any other read.
    """
    records: list[PersonRecord] = []
    withheld = dict.fromkeys(KINDS, 0)
    for kind, model in KINDS.items():
        for record in (
            model._default_manager.filter(organisation=organisation)
            .select_related("organisation")
            .order_by("pk")
        ):
            if record_disclosable(record, recipient=recipient):
                records.append(record)
            else:
                withheld[kind] += 1
    document = serialize(
        (to_pfif(record, recipient=recipient) for record in records), prefixes={NS: "waypost"}
    )
    # A file of personal data leaves the system: the log says who took how many records of
    # which kinds, for whom, and when; never their contents (the log holds no personal values).
    audit_record(
        actor=actor,
        action="waypost.tracing.records.exported",
        record=organisation,
        fields=["*"],
        purpose="tracing",
        detail={
            "format": "pfif-1.4",
            "recipient": recipient.slug,
            "records": {
                kind: sum(type(r) is model for r in records) for kind, model in KINDS.items()
            },
            "withheld": withheld,
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
        if kind == "missing" and "status" not in values:
            values["status"] = _report_status(notes)
        if "place" not in values:
            values["place"] = next(
                (n.last_known_location for n in _by_date(notes)[::-1] if n.last_known_location),
                "",
            )
        if _ext("enquirer_consents") in extensions:
            values["enquirer_consents"] = json.loads(extensions[_ext("enquirer_consents")])
        if _ext("enquirer_consent_methods") in extensions:
            values["enquirer_consent_methods"] = json.loads(
                extensions[_ext("enquirer_consent_methods")]
            )
        if _ext("incident_mmp_id") in extensions:
            incident = incident_by_mmp_id(extensions[_ext("incident_mmp_id")])
            values["incident_id"] = incident.pk if incident else None
        if _ext("other_enquirers") in extensions:
            values["other_enquirers"] = json.loads(extensions[_ext("other_enquirers")])
        if kind == "found":
            share = extensions.get(_ext("share_consent"))
            if _ext("found_consents") in extensions:
                values["found_consents"] = json.loads(extensions[_ext("found_consents")])
            elif share:
                values["share_consent"] = share
            if values.get("found_consents") or share not in (None, "", ShareConsent.NOTHING):
                values["guardian_or_decision"] = _partner_decision(person, values)
        record, created = services.record_import(
            model=KINDS[kind],
            organisation_id=organisation.pk,
            source_record_id=person.person_record_id,
            recorded_at=_original_date(person),
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


def _original_date(person: PfifPerson) -> datetime | None:
    """When the person record was first made (PFIF source_date, else entry_date)."""
    for stamp in (person.source_date, person.entry_date):
        if stamp:
            try:
                return parse_timestamp(stamp)
            except ValueError:
                continue
    return None


def _partner_decision(person: PfifPerson, values: dict[str, Any]) -> str:
    """For a child who agreed to share: where the guardian's consent or decision was recorded.

    Only a Waypost export carries a found person's consents (others import with none,
    which needs no guardian), and Waypost records no such consent of a child
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
    """The kind from the first news of the person: why the record was made.

    Later notes tell what became of a person sought (found alive, dead); they make the
    report's status, not a found person or remains of it.
    """
    first = next((n for n in _by_date(notes) if n.status or n.author_made_contact), None)
    if first is None:
        return "missing"
    if first.status == "believed_dead":
        return "remains"
    if first.status in ("believed_alive", "is_note_author") or first.author_made_contact == "true":
        return "found"
    return "missing"


def _report_status(notes: list[PfifNote]) -> str:
    """A report's status from the latest note that says something about the person.

    author_made_contact ("found" before PFIF 1.4) means the note's author heard from the
    person: alive, whatever the status says.
    """
    status = ReportStatus.OPEN
    for note in _by_date(notes):
        if note.author_made_contact == "true":
            status = ReportStatus.LOCATED_ALIVE
        elif note.status in STATUS_FROM_NOTE:
            status = STATUS_FROM_NOTE[note.status]
    return str(status)


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
