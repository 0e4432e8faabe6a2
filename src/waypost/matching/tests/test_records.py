from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from waypost.matching import CsvError, read_csv, write_pairs

if TYPE_CHECKING:
    from waypost.matching import DateRepair


def test_it_reads_a_file_with_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,name,notes\n1,Said Hassan,whatever\n", encoding="utf-8")
    (record,) = read_csv(path)
    assert (record.id, record.name) == ("1", "Said Hassan")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",Said,,,,,,,,,,", "row 3: id is empty"),
        ("3,Said,,,M,1998-02-30,,,,,,", "row 3: birth_date: date '1998-02-30'"),
        ("3,Said,,,Q,,,,,,,", "row 3: sex 'Q'"),
        ("3,Said,,,,,abc,,,,,", "row 3: age 'abc'"),
        ("3,Said,,,,,,,SY,,,", "row 3: nationality 'SY'"),
        ("1,Said,,,,,,,,,,", "row 3: id '1' already used on row 2"),
        ("3,Said,,,,,,,,,,,,extra", "row 3: more values"),
    ],
)
def test_it_names_the_row_of_a_bad_record(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    header = "id,name,given_name,family_name,sex,birth_date,age,age_date,nationality,place,document_number,phone"
    path.write_text(f"{header}\n1,Good,,,,,,,,,,\n{row}\n", encoding="utf-8")
    with pytest.raises(CsvError) as err:
        read_csv(path)
    assert message in str(err.value)


def test_it_requires_an_id_column(tmp_path: Path) -> None:
    path = tmp_path / "noid.csv"
    path.write_text("name\nSaid\n", encoding="utf-8")
    with pytest.raises(CsvError, match="no 'id' column"):
        read_csv(path)


def test_it_rejects_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,name\n1,Jos\xe9\n".encode("latin-1"))
    with pytest.raises(CsvError, match="not UTF-8"):
        read_csv(path)


def test_a_run_that_fails_half_way_leaves_the_earlier_output_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    assert write_pairs(out, [("L1", "R1", 0.9, True, "name: same")]) == 1
    earlier = out.read_bytes()

    def failing() -> Iterator[tuple[str, str, float, bool, str]]:
        yield ("L2", "R2", 0.5, False, "name: differ")
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="went away"):
        write_pairs(out, failing())
    assert out.read_bytes() == earlier
    assert [p.name for p in tmp_path.iterdir()] == ["pairs.csv"]  # no partial file left


HEADER = "id,name,birth_date,age,age_date"


def test_it_keeps_the_readable_part_of_an_impossible_date_and_lists_it(tmp_path: Path) -> None:
    path = tmp_path / "typos.csv"
    path.write_text(
        f"{HEADER}\n"
        "a,Said,1945-04-93,,\n"  # day impossible: year and month kept
        "b,Omar,1985-13-02,,\n"  # month impossible: the year kept
        "c,Anna,1990-02-28,,\n"
        "d,Ali,,30,2024-02-30\n",  # an age's date too
        encoding="utf-8",
    )
    repairs: list[DateRepair] = []
    records = read_csv(path, repairs=repairs)
    assert [(r.id, r.birth_date, r.age_date) for r in records] == [
        ("a", "1945-04", ""),
        ("b", "1985", ""),
        ("c", "1990-02-28", ""),
        ("d", "", "2024-02"),
    ]
    assert [(r.row, r.id, r.column, r.value, r.kept) for r in repairs] == [
        (2, "a", "birth_date", "1945-04-93", "1945-04"),
        (3, "b", "birth_date", "1985-13-02", "1985"),
        (5, "d", "age_date", "2024-02-30", "2024-02"),
    ]
    assert {r.file for r in repairs} == {str(path)}


def test_it_stops_at_an_impossible_date_naming_its_row_column_and_value_by_default(
    tmp_path: Path,
) -> None:
    path = tmp_path / "typos.csv"
    path.write_text(f"{HEADER}\na,Said,1945-04-93,,\n", encoding="utf-8")
    with pytest.raises(CsvError, match=r"row 2: birth_date: date '1945-04-93'"):
        read_csv(path)


def test_a_date_that_is_not_a_date_at_all_still_stops_the_read(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(f"{HEADER}\na,Said,12/04/1945,,\n", encoding="utf-8")
    with pytest.raises(CsvError, match=r"row 2: birth_date: date '12/04/1945'"):
        read_csv(path, repairs=[])


def test_the_pairs_file_writes_formula_like_ids_and_explanations_as_text(tmp_path):
    from waypost.matching.internals.records import write_pairs

    out = tmp_path / "pairs.csv"
    write_pairs(out, [("=HYPERLINK(1)", "@r1", 0.5, True, "+cmd")])

    assert out.read_text(encoding="utf-8").splitlines()[1] == (
        "'=HYPERLINK(1),'@r1,0.500000,1,'+cmd"
    )
