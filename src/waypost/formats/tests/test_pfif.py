from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import pytest

from waypost.formats import pfif
from waypost.formats.pfif import PfifDocument, PfifError, PfifNote, PfifPerson

SAMPLE = Path(__file__).parent / "data" / "pfif-1.4-sample.xml"
EXT = "urn:example:tracing-extension:1"


def test_it_reads_persons_and_nested_and_top_level_notes():
    document = pfif.parse(SAMPLE.read_bytes())

    assert [p.person_record_id for p in document.persons] == [
        "tracing.example.org/person.4071",
        "hospital.example.it/patient.77",
    ]
    sought = document.persons[0]
    assert sought.full_name == "Mohamed Abdelrahman Osman"
    assert sought.alternate_names == "محمد عبد الرحمن عثمان\nMohammed Abdulrahman"
    assert sought.date_of_birth == "1998"
    assert sought.home_country == "SD"
    assert [n.status for n in sought.notes] == ["information_sought"]
    # a nested note carries its person's id even when the XML leaves it out
    assert sought.notes[0].person_record_id == sought.person_record_id
    assert sought.notes[0].text == "His sister is looking for him & asks anyone with news to call."
    assert [n.note_record_id for n in document.notes] == ["hospital.example.it/note.12"]
    assert len(document.all_notes()) == 2


def test_a_real_document_survives_a_round_trip_unchanged():
    document = pfif.parse(SAMPLE.read_bytes())

    again = pfif.parse(pfif.serialize(document.persons, document.notes))

    assert asdict(again) == asdict(document)


def test_it_keeps_line_breaks_carriage_returns_markup_and_any_script():
    person = PfifPerson(
        person_record_id="waypost.example/missing.1",
        source_date="2024-01-02T03:04:05Z",
        full_name="Ана <Іванова> & Σοφία",
        description="line one\r\nline two\n  indented\t tab",
        alternate_names="אברהם\n张伟\n김민준",
    )

    text = pfif.serialize([person])
    back = pfif.parse(text).persons[0]

    assert back == person


def test_it_keeps_extension_elements_of_other_namespaces():
    note = PfifNote(
        note_record_id="waypost.example/note.1",
        author_name="Caseworker",
        source_date="2024-01-02T03:04:05Z",
        status="believed_alive",
        text="Seen at the shelter.",
        extensions={f"{{{EXT}}}consent": "alive-only"},
    )
    person = PfifPerson(
        person_record_id="waypost.example/found.1",
        source_date="2024-01-02T03:04:05Z",
        full_name="Yusuf Idris",
        notes=[note],
        extensions={f"{{{EXT}}}kind": "found", f"{{{EXT}}}languages": '["ar", "fr"]'},
    )

    text = pfif.serialize([person], prefixes={EXT: "wp"})
    back = pfif.parse(text).persons[0]

    assert 'xmlns:wp="urn:example:tracing-extension:1"' in text
    assert "<wp:kind>found</wp:kind>" in text
    assert back.extensions == person.extensions
    assert back.notes[0].extensions == note.extensions


def test_it_writes_fields_in_the_order_of_the_schema():
    person = PfifPerson(
        person_record_id="a.example/1",
        source_date="2024-01-02T03:04:05Z",
        full_name="Omar Hassan",
        sex="male",
        given_name="Omar",
    )

    text = pfif.serialize([person])

    order = [
        text.index(f"<pfif:{name}>")
        for name in ("person_record_id", "source_date", "full_name", "given_name", "sex")
    ]
    assert order == sorted(order)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"full_name": ""}, "full_name is required"),
        ({"source_date": ""}, "source_date is required"),
        ({"person_record_id": "no-domain"}, "person_record_id must be DOMAIN/ID"),
        ({"source_date": "2024-01-02 03:04:05"}, "is not a UTC timestamp"),
        ({"sex": "M"}, "sex 'M' is not one of female, male, other"),
        ({"date_of_birth": "1998-13"}, "date_of_birth '1998-13'"),
        ({"date_of_birth": "98"}, "date_of_birth '98'"),
        ({"age": "thirty"}, "age 'thirty'"),
        ({"age": "30-20"}, "age '30-20'"),
        ({"home_country": "SDN"}, "home_country 'SDN' is not an ISO 3166-1 alpha-2 code"),
    ],
)
def test_it_refuses_a_person_that_breaks_the_specification(change, message):
    person = PfifPerson(
        person_record_id="a.example/1", source_date="2024-01-02T03:04:05Z", full_name="Omar"
    )
    for name, value in change.items():
        setattr(person, name, value)

    with pytest.raises(PfifError) as error:
        pfif.serialize([person])

    assert any(message in problem for problem in error.value.problems)


def test_it_accepts_partial_birth_dates_and_age_ranges():
    for date_of_birth, age in (("1998", "25"), ("1998-04", "20-30"), ("1998-04-17", "")):
        person = PfifPerson(
            person_record_id="a.example/1",
            source_date="2024-01-02T03:04:05Z",
            full_name="Omar",
            date_of_birth=date_of_birth,
            age=age,
        )
        assert pfif.person_problems(person) == []


def test_it_names_every_fault_of_a_note():
    note = PfifNote(note_record_id="bad", status="found", author_made_contact="yes")

    problems = pfif.note_problems(note)

    assert "note bad: author_name is required" in problems
    assert "note bad: source_date is required" in problems
    assert "note bad: text is required" in problems
    assert "note bad: person_record_id is required outside a person" in problems
    assert any("status 'found' is not one of" in p for p in problems)
    assert "note bad: author_made_contact must be true or false" in problems
    assert any("note_record_id must be DOMAIN/ID" in p for p in problems)


def test_it_refuses_a_nested_note_about_another_person():
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "<pfif:note_record_id>tracing.example.org/note.9001</pfif:note_record_id>",
        "<pfif:note_record_id>tracing.example.org/note.9001</pfif:note_record_id>"
        "<pfif:person_record_id>other.example/2</pfif:person_record_id>",
    )

    with pytest.raises(PfifError, match="differs from the person"):
        pfif.parse(text)


def test_it_refuses_entities_and_doctypes():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
        '<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">&lol2;</pfif:pfif>'
    )

    with pytest.raises(PfifError, match="DTD"):
        pfif.parse(bomb)


def test_it_refuses_what_is_not_pfif():
    with pytest.raises(PfifError, match="not well-formed"):
        pfif.parse("<pfif:pfif")
    with pytest.raises(PfifError, match="root element"):
        pfif.parse('<persons xmlns="http://example.org/"/>')


def test_it_reads_pfif_1_3_with_renamed_fields():
    text = """<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.3">
  <pfif:person>
    <pfif:person_record_id>old.example/1</pfif:person_record_id>
    <pfif:source_date>2011-03-12T00:00:00Z</pfif:source_date>
    <pfif:full_name>Ali Hassan</pfif:full_name>
    <pfif:first_name>Ali</pfif:first_name>
    <pfif:last_name>Hassan</pfif:last_name>
    <pfif:other>description: tall</pfif:other>
    <pfif:note>
      <pfif:note_record_id>old.example/n1</pfif:note_record_id>
      <pfif:author_name>Neighbour</pfif:author_name>
      <pfif:source_date>2011-03-13T00:00:00Z</pfif:source_date>
      <pfif:found>true</pfif:found>
      <pfif:text>Seen at the shelter.</pfif:text>
    </pfif:note>
  </pfif:person>
</pfif:pfif>"""

    person = pfif.parse(text).persons[0]

    assert (person.given_name, person.family_name) == ("Ali", "Hassan")
    assert person.description == "description: tall"
    assert person.notes[0].author_made_contact == "true"


def test_an_empty_document_round_trips():
    assert pfif.parse(pfif.serialize([])) == PfifDocument()


def test_timestamps_are_utc_to_the_second():
    moment = datetime(2024, 5, 1, 10, 0, 0, 123456, tzinfo=UTC)

    text = pfif.format_timestamp(moment)

    assert text == "2024-05-01T10:00:00Z"
    assert pfif.parse_timestamp(text) == moment.replace(microsecond=0)
    with pytest.raises(ValueError, match="timezone-aware"):
        pfif.format_timestamp(datetime(2024, 5, 1))  # noqa: DTZ001 - the point of the test


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_it_refuses_doctypes_in_any_encoding_the_parser_reads(encoding):
    bomb = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
        '<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">&lol2;</pfif:pfif>'
    )

    with pytest.raises(PfifError, match="DTD"):
        pfif.parse(bomb.encode(encoding))
