"""Comparison vectors from Splink's SQL: the random pairs for u and their level counts."""

from __future__ import annotations

import logging
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pytest
from splink import Linker

from waypost.matching import Record
from waypost.matching.internals.comparisons import COMPARISONS
from waypost.matching.internals.features import (
    ENCODED_LISTS,
    ENCODED_NESTED_LISTS,
    LOOSE_CAP,
    ROW_SCHEMA,
    features,
    row_table,
    with_block_keys,
)
from waypost.matching.internals.linkage import _db_api, _quiet, _register, prepared_inputs
from waypost.matching.internals.model import Model
from waypost.matching.internals.vectors import AllPairsOf, level_counts, random_sample, read_once
from waypost.matching.tests.test_model import people, registered


def splink_probabilities(linker: Linker) -> dict[str, list[tuple[float | None, float | None]]]:
    """The m and u of each level as a Splink linker holds them (None where it has none)."""
    saved = linker.misc.save_model_to_json()
    return {
        comp.name: [
            (level.get("m_probability"), level.get("u_probability"))
            for level in spec["comparison_levels"]
        ]
        for comp, spec in zip(COMPARISONS, saved["comparisons"], strict=True)
    }


def test_a_random_sample_of_two_tables_draws_both_in_proportion_to_their_size() -> None:
    ids = {"wp_left": [f"a{i}" for i in range(500)], "wp_right": [f"b{i}" for i in range(2000)]}
    sample = random_sample(ids, 10_000, seed=1)
    assert sample.right is not None
    assert 9_000 <= sample.pairs <= 11_000
    assert len(set(sample.left)) == len(sample.left) and len(set(sample.right)) == len(sample.right)
    assert all(key.startswith("wp_left-__-a") for key in sample.left)
    assert all(key.startswith("wp_right-__-b") for key in sample.right)
    assert len(sample.right) > 3 * len(sample.left)
    assert random_sample(ids, 10_000, seed=1) == random_sample(ids, 10_000, seed=1)


def _counted(rows: list[dict[str, int]]) -> dict[tuple[int, ...], int]:
    return {tuple(v for k, v in row.items() if k != "n"): row["n"] for row in rows}


@pytest.mark.parametrize("link", [True, False], ids=["two tables", "one table"])
def test_every_pair_of_a_sample_is_compared_once_as_a_list_of_those_pairs_would_be(
    link: bool,
) -> None:
    """The sample's records are crossed in SQL (AllPairsOf); compared as a table of the same
    pairs, joined to their records as Splink joins blocked pairs, they count the same."""
    if link:
        db_api, tables, ids = registered(people(300, 5), people(300, 6))
        link_type = "link_only"
    else:
        inputs = prepared_inputs({"wp_records": people(300, 5)}, "duckdb")
        db_api, tables, ids, link_type = inputs.db_api, inputs.tables[0], inputs.ids, "dedupe_only"
    linker = Linker(tables, Model.default().splink_settings(link_type), log_level=None)
    _quiet()
    sample = random_sample(ids, 5_000, seed=2)
    if sample.right is not None:
        listed = [(a, b) for a in sample.left for b in sample.right]
    else:
        listed = [(a, b) for i, a in enumerate(sample.left) for b in sample.left[i + 1 :]]
    assert len(listed) == sample.pairs and 4_500 <= sample.pairs <= 5_500
    pairs = pa.table(
        {
            "join_key_l": [a for a, _ in listed],
            "join_key_r": [b for _, b in listed],
            "match_key": pa.array([0] * len(listed), pa.int64()),
        }
    )
    drawn = [_register(db_api, t, f"wp_drawn_{i}", "duckdb") for i, t in enumerate(sample.tables())]
    crossed = _counted(level_counts(linker, AllPairsOf(tuple(drawn))))
    joined = _counted(level_counts(linker, _register(db_api, pairs, "wp_listed", "duckdb")))
    assert crossed == joined
    assert sum(crossed.values()) == sample.pairs
    assert len(crossed) > 5  # the sample meets several combinations of levels


def test_a_single_pass_estimates_u_as_splinks_own_sampling_does() -> None:
    db_api, tables, ids = registered(people(400, 7), people(400, 8))
    linker = Linker(tables, Model.initial().splink_settings("link_only"), log_level=None)
    _quiet()
    sample = random_sample(ids, 160_000, seed=1)
    drawn = [_register(db_api, t, f"wp_drawn_{i}", "duckdb") for i, t in enumerate(sample.tables())]
    ours = Model.initial()
    ours.absorb_u(level_counts(linker, AllPairsOf(tuple(drawn))))

    linker.training.estimate_u_using_random_sampling(max_pairs=160_000, seed=1)
    splinks = splink_probabilities(linker)
    for comp in COMPARISONS:
        for level, (_, u), (_, u_splink) in zip(
            comp.levels, ours.mu[comp.name], splinks[comp.name], strict=True
        ):
            if u_splink is not None and u_splink > 0.02:  # frequent enough for both samples
                assert abs(u - u_splink) < 0.25 * u_splink, (comp.name, level.label)


def test_deduplication_re_estimates_u_from_pairs_within_the_file() -> None:
    from waypost.matching.internals.linkage import _linker

    records = people(450, 9)
    db_api = _db_api("duckdb")
    (keyed,) = with_block_keys([row_table([features(r) for r in records])])
    table = _register(db_api, keyed, "wp_records", "duckdb")
    shipped, trained = Model.default(), Model.default()
    ids: dict[str | None, list[str]] = {None: [r.id for r in records]}
    _linker(db_api, table, ids, trained, "dedupe_only", "duckdb", True, None)
    # four nationalities, uniformly drawn: about a quarter of random pairs share one
    _, u_same = trained.mu["nationality"][1]
    assert 0.18 < u_same < 0.32
    assert u_same != shipped.mu["nationality"][1][1]


def test_splinks_check_of_the_settings_finds_every_column_they_name(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The linkers skip Splink's settings check at run time; it runs here instead."""
    records = people(30, 10)
    _, tables, _ = registered(records[:15], records[15:])
    caplog.set_level(logging.INFO, logger="splink")
    for link_type, inputs in (("link_only", tables), ("dedupe_only", tables[0])):
        Linker(inputs, Model.default().splink_settings(link_type), log_level=None)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not warnings, [r.getMessage() for r in warnings]


def _block_keys(records: list[Record]) -> dict[str, list[str]]:
    """Each record's blocking keys, by record id."""
    (keyed,) = with_block_keys([row_table([features(r) for r in records])], encoded=False)
    return dict(zip(keyed["unique_id"].to_pylist(), keyed["block_keys"].to_pylist(), strict=True))


def _year_keys(records: list[Record], part_key: str) -> set[str]:
    """The ``y:`` keys (one name part and a birth year) of the name part ``part_key``."""
    keys = {k for row in _block_keys(records).values() for k in row}
    return {k for k in keys if k.startswith(f"y:{part_key}|")}


# Family names with nothing in common but the first name written before them.
FAMILIES = [
    "Haddad",
    "Osman",
    "Karimi",
    "Nasser",
    "Bakr",
    "Idris",
    "Farouk",
    "Tahir",
    "Yousef",
    "Hamdan",
    "Salim",
    "Qasim",
    "Zaki",
    "Rahimi",
    "Sharif",
    "Jaber",
    "Mansour",
    "Khalil",
    "Darwish",
    "Suleiman",
    "Hijazi",
    "Barakat",
    "Shalabi",
    "Ghanem",
    "Awad",
    "Sabri",
    "Masri",
    "Hakimi",
    "Lutfi",
    "Nouri",
    "Fakhoury",
    "Tamimi",
    "Jabari",
    "Kanaan",
    "Sayegh",
    "Bishara",
    "Toubia",
    "Chami",
    "Wehbe",
    "Fares",
    "Mikati",
    "Zoghbi",
]


def test_one_name_part_and_a_year_block_only_where_few_records_share_them() -> None:
    def namesakes(n: int) -> list[Record]:
        return [
            Record(id=f"r{i}", name=f"Abdelrahman {family}", birth_date="1998")
            for i, family in enumerate(FAMILIES[:n])
        ]

    (part_key,) = features(Record(id="part", name="Abdelrahman"))["tok_keys"]
    assert len(FAMILIES) > LOOSE_CAP
    assert _year_keys(namesakes(3), part_key) == {f"y:{part_key}|1998"}
    # past LOOSE_CAP records, a common first name and a year would compare all with all
    assert not _year_keys(namesakes(LOOSE_CAP + 1), part_key)


def test_the_feature_table_holds_each_rows_values_as_arrow_would_convert_them() -> None:
    records = [
        Record(id="a", name="J. Smith", place="12 High Street", birth_date="1990", sex="M"),
        Record(
            id="b", name="محمد عبد الرحمن", age="30", age_date="2024", phone="+33 6 12 34 56 78"
        ),
        Record(id="c", name="Li", nationality="CN", document_number="X-123"),
    ]
    rows = [features(r) for r in records]
    assert row_table(rows).equals(pa.Table.from_pylist(rows, schema=ROW_SCHEMA))
    assert row_table([]).num_rows == 0


def test_a_name_misspelt_in_both_parts_meets_its_namesakes_only_where_they_are_few() -> None:
    def shared(records: list[Record], a: str, b: str) -> set[str]:
        keys = _block_keys(records)
        return {k[:2] for k in set(keys[a]) & set(keys[b])}

    found = Record(id="found", name="Kofi Mensah", birth_date="1990")
    one_part = Record(id="one part", name="Kofi Mensrah", birth_date="1990")
    both_parts = Record(id="both parts", name="Kofri Mensrah", birth_date="1990")
    # one part misspelt: the other part's best key still makes a strict key
    assert "p:" in shared([found, one_part], "found", "one part")
    # both: only their deletion variants agree, a loose key
    assert shared([found, both_parts], "found", "both parts") == {"q:"}
    namesakes = [
        Record(id=f"namesake {i}", name="Kofi Mensah", birth_date=str(1950 + i))
        for i in range(LOOSE_CAP)
    ]
    assert not shared([found, both_parts, *namesakes], "found", "both parts")
    assert "p:" in shared([found, one_part, *namesakes], "found", "one part")


def test_a_record_without_birth_meets_namesakes_of_any_year_with_few_keys() -> None:
    records = [
        Record(id="undated", name="Mohamed Abdelrahman"),
        Record(id="born 1998", name="Muhammad Abdul Rahman", birth_date="1998-04-17"),
        Record(id="aged 40", name="Mohamed Abdelrahman", age="40", age_date="2024-06-01"),
        Record(id="also undated", name="Mohammed Abdelrahman", sex="M"),
        Record(id="other name", name="Amina Yusuf", birth_date="1998"),
    ]
    keys = {
        rid: {k for k in row if k.startswith("p:")} for rid, row in _block_keys(records).items()
    }
    undated = keys.pop("undated")
    assert all(keys[rid] & undated for rid in ("born 1998", "aged 40", "also undated"))
    assert not keys["other name"] & undated
    # one key per year of the namesakes found, not one per year since 1880
    assert len(undated) < 4 * len(keys["aged 40"])


def test_the_tables_for_splink_hold_each_key_as_one_number_and_initials_below_zero() -> None:
    records = [
        Record(id="a", name="J. Smith", place="12 High Street", birth_date="1990"),
        Record(id="b", name="John Smyth", place="12 High St", birth_date="1990-02-03"),
        Record(id="c", name="محمد عبد الرحمن", age="30", age_date="2024"),
    ]
    rows = row_table([features(r) for r in records])
    (readable,) = with_block_keys([rows], encoded=False)
    (encoded,) = with_block_keys([rows])

    def flat(values: list[Any]) -> list[Any]:
        return [v for x in values for v in (x if isinstance(x, list) else [x])]

    code: dict[str, int] = {}
    for column in (*ENCODED_LISTS, *ENCODED_NESTED_LISTS):
        for strings, numbers in zip(
            readable[column].to_pylist(), encoded[column].to_pylist(), strict=True
        ):
            assert len(flat(strings)) == len(flat(numbers)), column
            for text, number in zip(flat(strings), flat(numbers), strict=True):
                assert code.setdefault(text, number) == number
                assert (number < 0) == text.startswith("^"), (column, text)
    assert any(text.startswith("^") for text in code)
    assert len(set(code.values())) == len(code)  # no two keys share a number


class _Table:
    """Stands for a Splink dataframe: its columns cost a query every time they are read."""

    def __init__(self) -> None:
        self.queries = 0

    @property
    def columns(self) -> list[str]:
        self.queries += 1
        return ["unique_id", "name_toks"]


def test_a_property_read_once_is_computed_once_and_each_reader_gets_its_own_list() -> None:
    table = read_once(_Table(), "columns")
    first = table.columns
    first.append("changed by a caller")
    assert table.columns == ["unique_id", "name_toks"]
    assert table.queries == 1
    assert isinstance(table, _Table)
    other = read_once(_Table(), "columns")
    assert other.columns == ["unique_id", "name_toks"] and other.queries == 1
    assert type(other) is type(table)  # one subclass per class and properties
