from __future__ import annotations

from pathlib import Path

from waypost.matching import MatchIndex, Record


def test_it_finds_an_arabic_record_for_a_latin_query(tmp_path: Path) -> None:
    with MatchIndex(tmp_path / "ix.sqlite") as index:
        index.upsert(Record(id="R1", name="سعيد حسن", birth_date="1999", nationality="SYR"))
        index.upsert(Record(id="R2", name="Olga Petrova", birth_date="1985"))
        found = index.candidates(Record(id="Q", name="Said Hassan", age="25", age_date="2024"))
    assert [c.id for c in found] == ["R1"]
    assert found[0].match
    assert 0.5 < found[0].score <= 1.0
    assert found[0].evidence[0].comparison == "names"
    assert found[0].evidence[0].weight > 0


def test_it_persists_updates_and_removals(tmp_path: Path) -> None:
    path = tmp_path / "ix.sqlite"
    with MatchIndex(path) as index:
        index.upsert(Record(id="R1", name="Sergei Ivanov", birth_date="1985-07-03"))
        index.upsert(Record(id="R2", name="Said Hassan", birth_date="1999"))
    with MatchIndex(path) as index:
        assert len(index) == 2
        index.upsert(Record(id="R1", name="Olga Petrova", birth_date="1985-07-03"))
        assert index.candidates(Record(id="Q", name="Sergei Ivanov", birth_date="1985")) == []
        assert index.remove("R2")
        assert not index.remove("R2")
        assert "R2" not in index
        assert index.candidates(Record(id="Q", name="Said Hassan", birth_date="1999")) == []


def test_it_never_proposes_the_query_record_itself(tmp_path: Path) -> None:
    with MatchIndex(tmp_path / "ix.sqlite") as index:
        record = Record(id="R1", name="Said Hassan", birth_date="1999")
        index.upsert(record)
        assert index.candidates(record) == []
