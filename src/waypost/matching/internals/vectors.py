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

Beside :func:`linkage._train`, which catches Splink's EM error (not exported by Splink
5.0), this is the one module that uses Splink's internals (its SQL pipeline and the
comparison vector SQL), which is why ``pyproject.toml`` pins Splink to 5.0.x.
"""

from __future__ import annotations

import math
import random
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

from waypost.matching.internals.comparisons import COMPARISONS, Dialect
from waypost.matching.internals.model import DUCKDB

# The name Splink's comparison vector SQL reads its pairs from.
PAIRS_TABLE = "__splink__blocked_id_pairs"
VECTORS_TABLE = "__splink__df_comparison_vectors"
GAMMAS = ", ".join(f"gamma_{c.name}" for c in COMPARISONS)


def query_vectors(linker: Any, pairs: Any, sql: str, name: str) -> Any:
    """Run ``sql`` (which reads :data:`VECTORS_TABLE`) on the comparison vectors of
    ``pairs`` (a table of ``join_key_l``, ``join_key_r``, ``match_key``, as Splink's
    blocking makes them) and return its result as a Splink dataframe."""
    from splink.internals.comparison_vector_values import (
        compute_comparison_vector_values_from_id_pairs_sqls,
    )
    from splink.internals.pipeline import CTEPipeline
    from splink.internals.vertically_concatenate import enqueue_df_concat

    settings = linker._settings_obj
    if settings._retain_matching_columns:
        raise ValueError("the linker's settings must not retain matching columns")
    db_api = linker._db_api
    pipeline = CTEPipeline([db_api.table_to_splink_dataframe(PAIRS_TABLE, pairs.physical_name)])
    enqueue_df_concat(linker, pipeline)
    columns = settings.column_info_settings
    selected = list(settings._columns_to_select_for_comparison_vector_values)
    # Spark (local mode) took over ten minutes on the 450 records of the backend test with
    # the pair values as columns: it gets Splink's SQL as it is.
    with_values = linker._sql_dialect_str == "duckdb"
    if with_values:
        selected = _reading_pair_values(selected)
    sqls = compute_comparison_vector_values_from_id_pairs_sqls(
        settings._columns_to_select_for_blocking,
        selected,
        input_tablename_l="__splink__df_concat",
        input_tablename_r="__splink__df_concat",
        source_dataset_input_column=columns.source_dataset_input_column,
        unique_id_input_column=columns.unique_id_input_column,
        link_type=settings._link_type,
        sql_dialect_str=linker._sql_dialect_str,
    )
    pipeline.enqueue_list_of_sqls(_with_pair_values(sqls) if with_values else sqls)
    pipeline.enqueue_sql(sql, name)
    return db_api.sql_pipeline_to_splink_dataframe(pipeline)


DUCKDB_WITH_PAIR_VALUES = Dialect(DUCKDB.name, with_pair_values=True)
PAIR_VALUES_TABLE = "wp_blocked_with_pair_values"


def _reading_pair_values(columns: list[str]) -> list[str]:
    """Splink's comparison vector columns with each case statement replaced by ours, whose
    levels read the pair values as columns (:func:`_with_pair_values`)."""
    gammas = {f"gamma_{c.name}": c.case_sql(DUCKDB_WITH_PAIR_VALUES) for c in COMPARISONS}
    selected = [
        gammas.pop(column.rsplit(" as ", 1)[1], column) if column.startswith("CASE") else column
        for column in columns
    ]
    if gammas:
        raise RuntimeError(f"Splink's comparison vector columns lack {sorted(gammas)}")
    return selected


def _with_pair_values(sqls: list[dict[str, str]]) -> list[dict[str, str]]:
    """Splink's comparison vector SQL with the comparisons' pair values
    (Comparison.pair_values) computed once per pair, between its join of the pairs to
    their records and the comparison vectors."""
    *joins, vectors = sqls
    values = ", ".join(
        f"{value_sql} AS {column}"
        for c in COMPARISONS
        for column, value_sql in c.pair_values(DUCKDB).items()
    )
    from_joined = "from blocked_with_cols"
    if vectors["sql"].count(from_joined) != 1:
        raise RuntimeError("Splink's comparison vector SQL no longer reads blocked_with_cols")
    return [
        *joins,
        {"sql": f"select *, {values} {from_joined}", "output_table_name": PAIR_VALUES_TABLE},
        {**vectors, "sql": vectors["sql"].replace(from_joined, f"from {PAIR_VALUES_TABLE}")},
    ]


def join_key(source: str | None, unique_id: str) -> str:
    """A record's key in a table of pairs: Splink's ``source_dataset -__- unique_id`` when
    linking two tables, the bare id within one."""
    return unique_id if source is None else f"{source}-__-{unique_id}"


def random_pairs(ids: dict[str | None, list[str]], max_pairs: float, seed: int) -> pa.Table:
    """About ``max_pairs`` pairs of random records, as Splink samples them to estimate u:
    all pairs among a random sample of each table (within the one table when deduping).

    ``ids`` maps each table's source name (None when deduping) to its record ids.
    """
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    if len(ids) == 2:
        (src_l, left), (src_r, right) = ids.items()
        # k_l * k_r = max_pairs with k_l / k_r = n_l / n_r
        k_l = min(len(left), max(1, round(math.sqrt(max_pairs * len(left) / max(len(right), 1)))))
        k_r = min(len(right), max(1, round(max_pairs / k_l)))
        keys_l = [join_key(src_l, i) for i in rng.sample(left, k_l)]
        keys_r = [join_key(src_r, i) for i in rng.sample(right, k_r)]
        pairs_l = [a for a in keys_l for _ in keys_r]
        pairs_r = keys_r * len(keys_l)
    else:
        ((source, records),) = ids.items()
        k = min(len(records), round((1 + math.sqrt(1 + 8 * max_pairs)) / 2))
        keys = [join_key(source, i) for i in rng.sample(records, k)]
        pairs_l, pairs_r = [], []
        for i, a in enumerate(keys):
            pairs_l += [a] * (k - 1 - i)
            pairs_r += keys[i + 1 :]
    return pa.table(
        {
            "join_key_l": pa.array(pairs_l, pa.string()),
            "join_key_r": pa.array(pairs_r, pa.string()),
            "match_key": pa.array([0] * len(pairs_l), pa.int64()),
        }
    )


def level_counts(linker: Any, pairs: Any) -> list[dict[str, int]]:
    """How many of ``pairs`` have each combination of comparison levels (``gamma_*``, with
    the count in ``n``): one pass over the pairs for all comparisons."""
    sql = f"SELECT {GAMMAS}, count(*) AS n FROM {VECTORS_TABLE} GROUP BY {GAMMAS}"  # noqa: S608
    counted = query_vectors(linker, pairs, sql, "wp_level_counts")
    try:
        rows: list[dict[str, int]] = counted.as_pyarrow_table().to_pylist()
    finally:
        counted.drop_table_from_database_and_remove_from_cache()
    return rows
