"""Comparison vectors of record pairs, computed by Splink's SQL and weighed by the model.

Splink's ``predict`` either keeps every column a comparison reads beside each scored pair
(``retain_matching_columns``), or drops the comparison levels (``gamma_*``) that Waypost
needs to explain a score. Our comparisons read a dozen list columns, and writing them out
cost more than comparing the pairs (FEBRL4: prediction 0.9-1.2 s with them, 0.3-0.5 s
without).
So Waypost asks Splink for the SQL of the comparison vectors of a table of pairs, without
those columns, and adds the match weight of :class:`model.Model` itself: the same
Fellegi-Sunter sum Splink's predict computes, from the same m and u. Trained weights then
need no new linker either.

This is the one module that uses Splink's internals (its SQL pipeline, the comparison
vector SQL and its record keys, the blocking and sampling of an EM session's pairs), which
is why ``pyproject.toml`` pins Splink to 5.0.x.

Where only the pairs above a match weight are wanted (:class:`WeightFloor`), DuckDB
compares the names last, and only for the pairs their best level could lift to it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

from waypost.matching.internals.comparisons import COMPARISONS, Comparison
from waypost.matching.internals.model import DUCKDB, Model

# The name Splink's comparison vector SQL reads its pairs from.
PAIRS_TABLE = "__splink__blocked_id_pairs"
VECTORS_TABLE = "__splink__df_comparison_vectors"
GAMMAS = ", ".join(f"gamma_{c.name}" for c in COMPARISONS)


@dataclass(frozen=True)
class WeightFloor:
    """Only the pairs whose match weight under ``model`` reaches ``weight`` are wanted:
    the others may be left out of the comparison vectors."""

    model: Model
    weight: float


# Comparing the names costs more than all the other comparisons together, and so does
# joining their list columns to the pairs. With a weight floor, DuckDB joins and compares
# the rest first and drops the pairs the best name level could not lift to the floor
# before it joins their names (62 % of the blocked pairs of a 50,000-record dedupe).
COMPARED_LAST = "name"
COMPARED_FIRST = tuple(c for c in COMPARISONS if c.name != COMPARED_LAST)


@dataclass(frozen=True)
class AllPairsOf:
    """Every pair of the records listed in one or two registered tables (a column
    ``join_key`` each, see :func:`join_key`): a record of the first with one of the
    second, or, from one table, any two of its records."""

    tables: tuple[Any, ...]


def query_vectors(
    linker: Any, pairs: Any, sql: str, name: str, floor: WeightFloor | None = None
) -> Any:
    """Run ``sql`` (which reads :data:`VECTORS_TABLE`) on the comparison vectors of
    ``pairs`` (a table of ``join_key_l``, ``join_key_r``, ``match_key``, as Splink's
    blocking makes them, or :class:`AllPairsOf` some records) and return its result as a
    Splink dataframe.

    With a ``floor``, the vectors may lack pairs below it (on DuckDB; ``sql`` must drop
    them itself)."""
    pipeline = _vectors_pipeline(linker, pairs, sql, name, floor)
    return linker._db_api.sql_pipeline_to_splink_dataframe(pipeline)


def _vectors_pipeline(
    linker: Any, pairs: Any, sql: str, name: str, floor: WeightFloor | None = None
) -> Any:
    """Splink's pipeline of :func:`query_vectors`, not yet run."""
    from splink.internals.comparison_vector_values import (
        compute_comparison_vector_values_from_id_pairs_sqls,
    )
    from splink.internals.pipeline import CTEPipeline
    from splink.internals.vertically_concatenate import enqueue_df_concat

    settings = linker._settings_obj
    if settings._retain_matching_columns:
        raise ValueError("the linker's settings must not retain matching columns")
    db_api = linker._db_api
    every_pair = isinstance(pairs, AllPairsOf)
    if every_pair:
        pipeline = CTEPipeline()
    else:
        pipeline = CTEPipeline([db_api.table_to_splink_dataframe(PAIRS_TABLE, pairs.physical_name)])
    enqueue_df_concat(linker, pipeline)
    columns = settings.column_info_settings
    joined = list(settings._columns_to_select_for_blocking)
    selected = list(settings._columns_to_select_for_comparison_vector_values)
    # Spark (local mode) took over ten minutes on the 450 records of the backend test with
    # the pair values as columns: it gets Splink's SQL as it is.
    with_values = linker._sql_dialect_str == "duckdb"
    floor = floor if with_values else None
    if floor:
        named = _name_columns(settings)
        joined = [c for c in joined if c not in named] + [f"b.{JOIN_KEYS[0]}", f"b.{JOIN_KEYS[1]}"]
    if with_values:
        selected = _reading_pair_values(selected, COMPARED_FIRST if floor else ())
    sqls = compute_comparison_vector_values_from_id_pairs_sqls(
        joined,
        selected,
        input_tablename_l="__splink__df_concat",
        input_tablename_r="__splink__df_concat",
        source_dataset_input_column=columns.source_dataset_input_column,
        unique_id_input_column=columns.unique_id_input_column,
        link_type=settings._link_type,
        sql_dialect_str=linker._sql_dialect_str,
    )
    if every_pair:
        *_, vectors = sqls
        sqls = [_every_pair_joined(settings, pairs, joined), vectors]
    elif floor:
        *joins, vectors = sqls
        sqls = [*joins, *_within_reach(settings, floor, named), vectors]
    pipeline.enqueue_list_of_sqls(_with_pair_values(sqls) if with_values else sqls)
    pipeline.enqueue_sql(sql, name)
    return pipeline


def read_once(obj: Any, *names: str) -> Any:
    """``obj`` (a Splink object), with its properties ``names`` computed once, not at every
    read; returns it.

    Splink reads an input table's columns (a query on the database, then each name parsed by
    sqlglot) and the linker's lists of columns to select (every comparison's columns parsed
    again) in every pipeline it builds: on FEBRL4, 24 and 7 times; the Python time of the
    Splink pipelines of a FEBRL4 link went from 0.14 s to 0.05 s. Neither changes during a run.
    """
    cls = type(obj)
    if (cls, names) not in _READ_ONCE:
        _READ_ONCE[cls, names] = _read_once_class(cls, names)
    obj.__class__ = _READ_ONCE[cls, names]
    return obj


_READ_ONCE: dict[tuple[type, tuple[str, ...]], type] = {}


def settings_read_once(linker: Any) -> None:
    """Make ``linker``'s settings compute their lists of columns to select (for blocking
    and for comparison vectors) once (:func:`read_once`)."""
    read_once(
        linker._settings_obj,
        "_columns_to_select_for_blocking",
        "_columns_to_select_for_comparison_vector_values",
    )


def _read_once_class(cls: type, names: tuple[str, ...]) -> type:
    def once(name: str) -> property:
        compute = getattr(cls, name).fget

        def read(self: Any) -> list[Any]:
            known = self.__dict__.setdefault("_wp_read_once", {})
            if name not in known:
                known[name] = compute(self)
            return list(known[name])  # a copy: Splink's callers may extend the list

        return property(read)

    return type(cls.__name__, (cls,), {name: once(name) for name in names})


DUCKDB_WITH_PAIR_VALUES = replace(DUCKDB, with_pair_values=True)
JOINED_TABLE = "blocked_with_cols"  # Splink's name for the pairs joined to their records
JOIN_KEYS = ("join_key_l", "join_key_r")
WITHIN_REACH_TABLE = "wp_blocked_within_reach"
NAMED_TABLE = "wp_blocked_named"
PAIR_VALUES_TABLE = "wp_blocked_with_pair_values"


def _name_columns(settings: Any) -> list[str]:
    """Splink's select items (``"l"."name_toks" AS "name_toks_l"``, ...) of the record
    columns that only :data:`COMPARED_LAST` reads."""
    comparisons = {c.output_column_name: c for c in settings.comparisons}
    first = {
        column
        for c in COMPARED_FIRST
        for column in comparisons[c.name]._columns_to_select_for_blocking()
    }
    return [
        c for c in comparisons[COMPARED_LAST]._columns_to_select_for_blocking() if c not in first
    ]


def _within_reach(settings: Any, floor: WeightFloor, named: list[str]) -> list[dict[str, str]]:
    """Steps after Splink's join of the pairs to their records without the name columns:
    the levels of :data:`COMPARED_FIRST`, the pairs that the best name level could lift to
    the floor, and their name columns; the last step takes the place of Splink's join."""
    from splink.internals.unique_id_concat import _composite_unique_id_from_nodes_sql

    first = ", ".join(c.case_sql(DUCKDB) for c in COMPARED_FIRST)
    best = floor.model.weight_bound_sql(unknown={COMPARED_LAST})
    ids = settings.column_info_settings.unique_id_input_columns
    id_l, id_r = (_composite_unique_id_from_nodes_sql(ids, side) for side in "lr")
    key_l, key_r = JOIN_KEYS
    # S608: every part is an identifier of ours or Splink's, or a number, never user input.
    # The margin: the bound and the weight add the same terms in another order.
    reach = (
        f"select * from (select *, {first} from {JOINED_TABLE}) f "  # noqa: S608
        f"where {best} >= {floor.weight - 1e-9!r}"
    )
    names = (
        f"select p.*, {', '.join(named)} from {WITHIN_REACH_TABLE} as p "  # noqa: S608
        f"inner join __splink__df_concat as l on {id_l} = p.{key_l} "
        f"inner join __splink__df_concat as r on {id_r} = p.{key_r}"
    )
    return [
        {"sql": reach, "output_table_name": WITHIN_REACH_TABLE},
        {"sql": names, "output_table_name": NAMED_TABLE},
    ]


def _every_pair_joined(settings: Any, pairs: AllPairsOf, joined: list[str]) -> dict[str, str]:
    """The records of ``pairs`` crossed with each other, in place of Splink's join of a
    table of pairs to their records: on FEBRL4's 150,000 random pairs for u, comparing
    them took 0.50 s through the pair list and 0.13 s crossed, because DuckDB's hash join
    copies each pair's dozen list columns out of its table and a cross join does not."""
    from splink.internals.unique_id_concat import _composite_unique_id_from_nodes_sql

    ids = settings.column_info_settings.unique_id_input_columns
    key = _composite_unique_id_from_nodes_sql(ids)

    def listed(table: Any) -> str:
        # S608: identifiers of ours or Splink's, never user input
        return (
            f"(select * from __splink__df_concat where {key} in "  # noqa: S608
            f"(select join_key from {table.physical_name}))"
        )

    first, second = pairs.tables[0], pairs.tables[-1]
    sql = (
        f"select {', '.join(joined)}, 0 as match_key "  # noqa: S608
        f"from {listed(first)} as l cross join {listed(second)} as r"
    )
    if len(pairs.tables) == 1:  # within one table: each pair once, no record with itself
        id_l, id_r = (_composite_unique_id_from_nodes_sql(ids, side) for side in "lr")
        sql += f" where {id_l} < {id_r}"
    return {"sql": sql, "output_table_name": JOINED_TABLE}


def _reading_pair_values(columns: list[str], computed: tuple[Comparison, ...]) -> list[str]:
    """Splink's comparison vector columns with each case statement replaced by ours, whose
    levels read the pair values as columns (:func:`_with_pair_values`), or by the column of
    its level where it is one of the comparisons ``computed`` before (:func:`_within_reach`)."""
    gammas = {f"gamma_{c.name}": c.case_sql(DUCKDB_WITH_PAIR_VALUES) for c in COMPARISONS}
    gammas.update({f"gamma_{c.name}": f"gamma_{c.name}" for c in computed})
    selected = [
        gammas.pop(column.rsplit(" as ", 1)[1], column) if column.startswith("CASE") else column
        for column in columns
    ]
    if gammas:
        raise RuntimeError(f"Splink's comparison vector columns lack {sorted(gammas)}")
    return selected


def _with_pair_values(sqls: list[dict[str, str]]) -> list[dict[str, str]]:
    """Splink's comparison vector SQL with the comparisons' pair values
    (Comparison.pair_values) computed once per pair, between the join of the pairs to
    their records (Splink's, or the last step of :func:`_within_reach`) and the
    comparison vectors."""
    *joins, vectors = sqls
    values = ", ".join(
        f"{value_sql} AS {column}"
        for c in COMPARISONS
        for column, value_sql in c.pair_values(DUCKDB).items()
    )
    source = joins[-1]["output_table_name"]
    reads = f"from {JOINED_TABLE}"
    if vectors["sql"].count(reads) != 1:
        raise RuntimeError("Splink's comparison vector SQL no longer reads blocked_with_cols")
    return [
        *joins,
        {"sql": f"select *, {values} from {source}", "output_table_name": PAIR_VALUES_TABLE},  # noqa: S608
        {**vectors, "sql": vectors["sql"].replace(reads, f"from {PAIR_VALUES_TABLE}")},
    ]


# A record's ``unique_id`` (Waypost's batches number their records: linkage.LinkInputs), and
# its key in a table of pairs (join_key).
RecordKey = int | str


def join_key(source: str | None, unique_id: RecordKey) -> RecordKey:
    """A record's key in a table of pairs: Splink's ``source_dataset -__- unique_id`` when
    linking two tables, the bare ``unique_id`` within one."""
    return unique_id if source is None else f"{source}-__-{unique_id}"


@dataclass(frozen=True)
class RandomSample:
    """Records drawn at random from each table, by their keys in a table of pairs
    (:func:`join_key`): the pairs for u are each left one with each right one, or, from one
    table (``right`` None), every two of them."""

    left: list[RecordKey]
    right: list[RecordKey] | None = None

    @property
    def pairs(self) -> int:
        n = len(self.left)
        return n * len(self.right) if self.right is not None else n * (n - 1) // 2

    def tables(self) -> list[pa.Table]:
        """One table of ``join_key`` per side drawn, to register for :class:`AllPairsOf`."""
        sides = [self.left] if self.right is None else [self.left, self.right]
        # typed as the keys are: integers, or strings when linking two tables
        return [pa.table({"join_key": pa.array(keys)}) for keys in sides]


def random_sample(
    ids: Mapping[str | None, Sequence[RecordKey]], max_pairs: float, seed: int
) -> RandomSample:
    """Records whose pairs are about ``max_pairs``, as Splink samples pairs to estimate u:
    all pairs among a random sample of each table (within the one table when deduping).

    ``ids`` maps each table's source name (None when deduping) to its records'
    ``unique_id``.
    """
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    if len(ids) == 2:
        (src_l, left), (src_r, right) = ids.items()
        # k_l * k_r = max_pairs with k_l / k_r = n_l / n_r
        k_l = min(len(left), max(1, round(math.sqrt(max_pairs * len(left) / max(len(right), 1)))))
        k_r = min(len(right), max(1, round(max_pairs / k_l)))
        return RandomSample(
            [join_key(src_l, i) for i in rng.sample(left, k_l)],
            [join_key(src_r, i) for i in rng.sample(right, k_r)],
        )
    ((source, records),) = ids.items()
    k = min(len(records), round((1 + math.sqrt(1 + 8 * max_pairs)) / 2))
    return RandomSample([join_key(source, i) for i in rng.sample(records, k)])


# Splink's share of each side's records in its probe of a training rule's pairs
# (``record_sample_proportion``).
PROBE_PROPORTION = 0.01


def training_pairs(linker: Any, rule: str, max_pairs: float) -> Any:
    """The pairs of records that meet by the blocking rule ``rule`` (SQL on ``l`` and
    ``r``), as Splink blocks them for an EM session: about ``max_pairs`` at most, the
    records of both sides sampled alike by a hash of their ids where there are more.
    A table of pairs as :func:`query_vectors` takes it."""
    from splink.internals.blocking import BlockingRule, block_using_rules_sqls
    from splink.internals.em_sampling import resolve_em_sample_threshold
    from splink.internals.pipeline import CTEPipeline
    from splink.internals.vertically_concatenate import enqueue_df_concat

    settings = linker._settings_obj
    blocking_rule = BlockingRule(rule, linker._sql_dialect_str)
    threshold, modulus, _ = resolve_em_sample_threshold(
        linker=linker,
        blocking_rule=blocking_rule,
        max_pairs=max_pairs,
        probe_proportion=PROBE_PROPORTION,
    )
    pipeline = CTEPipeline()
    enqueue_df_concat(linker, pipeline)
    pipeline.enqueue_list_of_sqls(
        block_using_rules_sqls(
            input_tablename_l="__splink__df_concat",
            input_tablename_r="__splink__df_concat",
            blocking_rules=[blocking_rule],
            link_type=settings._link_type,
            source_dataset_input_column=settings.column_info_settings.source_dataset_input_column,
            unique_id_input_column=settings.column_info_settings.unique_id_input_column,
            sample_threshold=threshold,
            sample_modulus=modulus,
        )
    )
    return linker._db_api.sql_pipeline_to_splink_dataframe(pipeline)


# S608: identifiers of ours and Splink's, never user input
LEVEL_COUNTS_SQL = f"SELECT {GAMMAS}, count(*) AS n FROM {VECTORS_TABLE} GROUP BY {GAMMAS}"  # noqa: S608


def level_counts_together(linker: Any, pairs: Sequence[Any]) -> list[list[dict[str, int]]]:
    """:func:`level_counts` of each of ``pairs``, the queries run at once where the
    linker's database can (:class:`splink_duckdb.SideBySideDuckDBAPI`), else in turn."""
    db_api = linker._db_api
    if not hasattr(db_api, "side_by_side"):
        return [level_counts(linker, p) for p in pairs]
    sqls = [
        _vectors_pipeline(
            linker, p, LEVEL_COUNTS_SQL, "wp_level_counts"
        ).generate_cte_pipeline_sql()
        for p in pairs
    ]
    return [table.to_pylist() for table in db_api.side_by_side(sqls)]


def level_counts(linker: Any, pairs: Any) -> list[dict[str, int]]:
    """How many of ``pairs`` (as :func:`query_vectors` takes them) have each combination of
    comparison levels (``gamma_*``, with the count in ``n``): one pass over the pairs for
    all comparisons."""
    counted = query_vectors(linker, pairs, LEVEL_COUNTS_SQL, "wp_level_counts")
    try:
        rows: list[dict[str, int]] = counted.as_pyarrow_table().to_pylist()
    finally:
        counted.drop_table_from_database_and_remove_from_cache()
    return rows
