"""PFIF 1.4, the People Finder Interchange Format: read and write person and note records.

PFIF (http://zesty.ca/pfif/1.4/) is the XML format of Google Person Finder and of the
tracing systems built after Katrina, Haiti and Tōhoku. A document holds ``person`` records
(who is sought or was seen) and ``note`` records (news about a person: sought, alive,
missing, dead), notes either nested in their person or at the top level.

This module is plain Python (no Django): ``parse`` turns a document into dataclasses of
strings, ``serialize`` turns them back into a document, and both check the rules of the
specification (mandatory fields, UTC timestamps, partial birth dates, age ranges, the
closed lists of sexes and note statuses). Errors name the record and the field.

Nothing is lost on a round trip: every PFIF field is kept as written (line breaks and
carriage returns included), and elements of other namespaces inside a person or a note,
which PFIF allows for extensions, are kept in ``extensions`` keyed ``{namespace}name`` and
written back. PFIF 1.2 and 1.3 documents are read too, with their fields renamed to 1.4
(``first_name`` to ``given_name``, ``last_name`` to ``family_name``, ``other`` to
``description``, ``found`` to ``author_made_contact``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - DTDs are refused before parsing, see parse()
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.parsers import expat  # noqa: S407 - only to find DTDs, which are then refused

PFIF_NS = "http://zesty.ca/pfif/1.4"
OLDER_NAMESPACES = ("http://zesty.ca/pfif/1.3", "http://zesty.ca/pfif/1.2")

# Fields in the order of the PFIF 1.4 schema (a sequence: writers keep this order).
PERSON_FIELDS = (
    "person_record_id",
    "entry_date",
    "expiry_date",
    "author_name",
    "author_email",
    "author_phone",
    "source_name",
    "source_date",
    "source_url",
    "full_name",
    "given_name",
    "family_name",
    "alternate_names",
    "description",
    "sex",
    "date_of_birth",
    "age",
    "home_street",
    "home_neighborhood",
    "home_city",
    "home_state",
    "home_postal_code",
    "home_country",
    "photo_url",
    "profile_urls",
)
NOTE_FIELDS = (
    "note_record_id",
    "person_record_id",
    "linked_person_record_id",
    "entry_date",
    "author_name",
    "author_email",
    "author_phone",
    "source_date",
    "author_made_contact",
    "status",
    "email_of_found_person",
    "phone_of_found_person",
    "last_known_location",
    "text",
    "photo_url",
)
PERSON_REQUIRED = ("person_record_id", "source_date", "full_name")
# PFIF 1.1 to 1.4 all make a note's text mandatory: a note is news told in words; status
# and author_made_contact only summarise it.
NOTE_REQUIRED = ("note_record_id", "author_name", "source_date", "text")

SEX_VALUES = ("", "female", "male", "other")
NOTE_STATUS_VALUES = (
    "",
    "information_sought",
    "is_note_author",
    "believed_alive",
    "believed_missing",
    "believed_dead",
)

# PFIF 1.3 and earlier field names and their PFIF 1.4 equivalents.
RENAMED_FIELDS = {
    "first_name": "given_name",
    "last_name": "family_name",
    "other": "description",
    "found": "author_made_contact",
    "home_zip": "home_postal_code",
}

_UTC_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
_DATE_OF_BIRTH = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_AGE = re.compile(r"^\d{1,3}(-\d{1,3})?$")
_ALPHA2 = re.compile(r"^[A-Z]{2}$")
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class PfifError(ValueError):
    """A document or record that breaks PFIF 1.4; ``problems`` lists every fault found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class PfifNote:
    """A note record: news about one person (all values are strings as in the XML)."""

    note_record_id: str = ""
    person_record_id: str = ""
    linked_person_record_id: str = ""
    entry_date: str = ""
    author_name: str = ""
    author_email: str = ""
    author_phone: str = ""
    source_date: str = ""
    author_made_contact: str = ""
    status: str = ""
    email_of_found_person: str = ""
    phone_of_found_person: str = ""
    last_known_location: str = ""
    text: str = ""
    photo_url: str = ""
    extensions: dict[str, str] = field(default_factory=dict)


@dataclass
class PfifPerson:
    """A person record, with the notes written inside it."""

    person_record_id: str = ""
    entry_date: str = ""
    expiry_date: str = ""
    author_name: str = ""
    author_email: str = ""
    author_phone: str = ""
    source_name: str = ""
    source_date: str = ""
    source_url: str = ""
    full_name: str = ""
    given_name: str = ""
    family_name: str = ""
    alternate_names: str = ""
    description: str = ""
    sex: str = ""
    date_of_birth: str = ""
    age: str = ""
    home_street: str = ""
    home_neighborhood: str = ""
    home_city: str = ""
    home_state: str = ""
    home_postal_code: str = ""
    home_country: str = ""
    photo_url: str = ""
    profile_urls: str = ""
    notes: list[PfifNote] = field(default_factory=list)
    extensions: dict[str, str] = field(default_factory=dict)


@dataclass
class PfifDocument:
    """Persons (with their nested notes) and the notes written outside any person."""

    persons: list[PfifPerson] = field(default_factory=list)
    notes: list[PfifNote] = field(default_factory=list)

    def all_notes(self) -> list[PfifNote]:
        return [note for person in self.persons for note in person.notes] + self.notes


def format_timestamp(moment: datetime) -> str:
    """A PFIF timestamp: UTC, to the second, with a ``Z``."""
    if moment.tzinfo is None:
        raise ValueError("PFIF timestamps must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(value: str) -> datetime:
    """Read a PFIF UTC timestamp (``2024-05-01T10:00:00Z``, fractions allowed)."""
    if not _UTC_TIMESTAMP.match(value):
        raise ValueError(f"{value!r} is not a UTC timestamp like 2024-05-01T10:00:00Z")
    return datetime.fromisoformat(value[:-1]).replace(tzinfo=UTC)


# ---------------------------------------------------------------------------- validation


def person_problems(person: PfifPerson) -> list[str]:
    """Every way ``person`` (and its notes) breaks PFIF 1.4; empty when valid."""
    where = f"person {person.person_record_id or '(no person_record_id)'}"
    problems = [
        f"{where}: {name} is required" for name in PERSON_REQUIRED if not getattr(person, name)
    ]
    if person.person_record_id and not _is_record_id(person.person_record_id):
        problems.append(f"{where}: person_record_id must be DOMAIN/ID, e.g. example.org/123")
    for name in ("entry_date", "expiry_date", "source_date"):
        value = getattr(person, name)
        if value and not _UTC_TIMESTAMP.match(value):
            problems.append(
                f"{where}: {name} {value!r} is not a UTC timestamp (YYYY-MM-DDThh:mm:ssZ)"
            )
    if person.sex not in SEX_VALUES:
        problems.append(f"{where}: sex {person.sex!r} is not one of female, male, other")
    if person.date_of_birth and not _valid_partial_date(person.date_of_birth):
        problems.append(
            f"{where}: date_of_birth {person.date_of_birth!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
        )
    if person.age and not _valid_age(person.age):
        problems.append(f"{where}: age {person.age!r} is not a number or a range like 20-30")
    if person.home_country and not _ALPHA2.match(person.home_country):
        problems.append(
            f"{where}: home_country {person.home_country!r} is not an ISO 3166-1 alpha-2 code"
        )
    for note in person.notes:
        problems.extend(note_problems(note, person_record_id=person.person_record_id))
    return problems


def note_problems(note: PfifNote, *, person_record_id: str = "") -> list[str]:
    """Every way ``note`` breaks PFIF 1.4 (a nested note inherits its person's id)."""
    where = f"note {note.note_record_id or '(no note_record_id)'}"
    problems = [f"{where}: {name} is required" for name in NOTE_REQUIRED if not getattr(note, name)]
    if note.note_record_id and not _is_record_id(note.note_record_id):
        problems.append(f"{where}: note_record_id must be DOMAIN/ID, e.g. example.org/123")
    if not (note.person_record_id or person_record_id):
        problems.append(f"{where}: person_record_id is required outside a person")
    if person_record_id and note.person_record_id and note.person_record_id != person_record_id:
        problems.append(
            f"{where}: person_record_id {note.person_record_id!r} differs from the person "
            f"it is written in ({person_record_id!r})"
        )
    for name in ("entry_date", "source_date"):
        value = getattr(note, name)
        if value and not _UTC_TIMESTAMP.match(value):
            problems.append(
                f"{where}: {name} {value!r} is not a UTC timestamp (YYYY-MM-DDThh:mm:ssZ)"
            )
    if note.status not in NOTE_STATUS_VALUES:
        problems.append(
            f"{where}: status {note.status!r} is not one of "
            + ", ".join(v for v in NOTE_STATUS_VALUES if v)
        )
    if note.author_made_contact not in ("", "true", "false"):
        problems.append(f"{where}: author_made_contact must be true or false")
    return problems


def _is_record_id(value: str) -> bool:
    domain, slash, local = value.partition("/")
    return bool(domain and slash and local) and not any(c.isspace() for c in domain)


def _valid_partial_date(value: str) -> bool:
    if not _DATE_OF_BIRTH.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        datetime(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)  # noqa: DTZ001 - a calendar check, not a moment
    except ValueError:
        return False
    return True


def _valid_age(value: str) -> bool:
    if not _AGE.match(value):
        return False
    low, _, high = value.partition("-")
    return not high or int(low) <= int(high)


# ---------------------------------------------------------------------------- reading


class _DtdFound(Exception):
    pass


def _refuse_dtd(*_args: object) -> None:
    raise _DtdFound


def _declares_dtd(raw: bytes) -> bool:
    """Whether the document has a DOCTYPE or an entity declaration, in any encoding.

    A byte search alone misses them in a UTF-16 document, which the XML parser
    decodes; so expat itself reads the document, stopping at the first declaration, before
    anything is expanded. Malformed documents are left to the parse that follows.
    """
    if re.search(rb"<!(DOCTYPE|ENTITY)", raw, re.IGNORECASE):
        return True
    scanner = expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = _refuse_dtd
    scanner.EntityDeclHandler = _refuse_dtd
    try:
        scanner.Parse(raw, True)
    except _DtdFound:
        return True
    except expat.ExpatError:
        return False
    return False


def parse(data: str | bytes) -> PfifDocument:
    """Read a PFIF 1.4 (or 1.3, 1.2) document; raise ``PfifError`` naming every fault."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    # No DTD, no entities: this closes entity expansion ("billion laughs") and external
    # entities before the parser sees the document. PFIF never needs a DTD.
    if _declares_dtd(raw):
        raise PfifError(["the document declares a DTD or entities, which PFIF does not use"])
    try:
        root = ET.fromstring(raw)  # noqa: S314 - DTDs and entities refused above
    except ET.ParseError as error:
        raise PfifError([f"not well-formed XML: {error}"]) from error
    ns, local = _split(root.tag)
    if local != "pfif" or ns not in (PFIF_NS, *OLDER_NAMESPACES):
        raise PfifError([f"the root element is {root.tag!r}, not pfif:pfif of {PFIF_NS}"])
    document = PfifDocument()
    for child in root:
        child_ns, child_local = _split(child.tag)
        if child_ns != ns:
            continue  # extension elements at the top level carry no records
        if child_local == "person":
            document.persons.append(_read_person(child, ns))
        elif child_local == "note":
            document.notes.append(_read_note(child, ns, person_record_id=""))
    problems = [p for person in document.persons for p in person_problems(person)]
    problems += [p for note in document.notes for p in note_problems(note)]
    if problems:
        raise PfifError(problems)
    return document


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _read_person(element: ET.Element, ns: str) -> PfifPerson:
    person = PfifPerson()
    nested: list[ET.Element] = []
    for child in element:
        child_ns, local = _split(child.tag)
        if child_ns == ns and local == "note":
            nested.append(child)
        elif child_ns == ns:
            name = RENAMED_FIELDS.get(local, local) if ns != PFIF_NS else local
            if name in PERSON_FIELDS:
                setattr(person, name, child.text or "")
        else:
            person.extensions[child.tag] = child.text or ""
    person.notes = [
        _read_note(child, ns, person_record_id=person.person_record_id) for child in nested
    ]
    return person


def _read_note(element: ET.Element, ns: str, *, person_record_id: str) -> PfifNote:
    note = PfifNote()
    for child in element:
        child_ns, local = _split(child.tag)
        if child_ns == ns:
            name = RENAMED_FIELDS.get(local, local) if ns != PFIF_NS else local
            if name in NOTE_FIELDS:
                setattr(note, name, child.text or "")
        else:
            note.extensions[child.tag] = child.text or ""
    if not note.person_record_id:
        note.person_record_id = person_record_id
    return note


# ---------------------------------------------------------------------------- writing


def serialize(
    persons: Iterable[PfifPerson],
    notes: Iterable[PfifNote] = (),
    *,
    prefixes: dict[str, str] | None = None,
) -> str:
    """Write a PFIF 1.4 document; raise ``PfifError`` if any record breaks the spec.

    ``prefixes`` maps extension namespaces to the prefixes to write them with (others get
    ``ext1``, ``ext2``, ...).
    """
    persons = list(persons)
    notes = list(notes)
    problems = [p for person in persons for p in person_problems(person)]
    problems += [p for note in notes for p in note_problems(note)]
    if problems:
        raise PfifError(problems)
    namespaces = dict(prefixes or {})
    records: list[PfifPerson | PfifNote] = [*persons, *notes]
    records += [note for person in persons for note in person.notes]
    used = {_split(tag)[0] for record in records for tag in record.extensions}
    extension_ns = sorted(used - set(namespaces) - {""})
    for number, ns in enumerate(extension_ns, start=1):
        namespaces[ns] = f"ext{number}"
    declarations = "".join(
        f' xmlns:{prefix}="{_escape(ns)}"' for ns, prefix in sorted(namespaces.items())
    )
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<pfif:pfif xmlns:pfif="{PFIF_NS}"{declarations}>',
    ]
    for person in persons:
        lines.append("  <pfif:person>")
        lines.extend(_write_fields(person, PERSON_FIELDS, namespaces, "    "))
        for note in person.notes:
            lines.extend(_write_note(note, namespaces, "    "))
        lines.append("  </pfif:person>")
    for note in notes:
        lines.extend(_write_note(note, namespaces, "  "))
    lines.append("</pfif:pfif>")
    return "\n".join(lines) + "\n"


def _write_note(note: PfifNote, namespaces: dict[str, str], indent: str) -> list[str]:
    return [
        f"{indent}<pfif:note>",
        *_write_fields(note, NOTE_FIELDS, namespaces, indent + "  "),
        f"{indent}</pfif:note>",
    ]


def _write_fields(
    record: PfifPerson | PfifNote,
    names: tuple[str, ...],
    namespaces: dict[str, str],
    indent: str,
) -> list[str]:
    lines = []
    for name in names:
        value = getattr(record, name)
        if value:
            lines.append(f"{indent}<pfif:{name}>{_escape(value)}</pfif:{name}>")
    for tag, value in record.extensions.items():
        ns, local = _split(tag)
        qualified = f"{namespaces[ns]}:{local}" if ns else local
        lines.append(f"{indent}<{qualified}>{_escape(value)}</{qualified}>")
    return lines


def _escape(value: str) -> str:
    value = _NOT_XML.sub("", value)
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\r", "&#13;")  # parsers turn a raw CR into LF; the reference keeps it
    )
