"""Independent DuckDB queries of one batch run side by side, each on a cursor of its own.

DuckDB splits a query's work by row group (122,880 rows): a batch the size of FEBRL4
(10,000 records) runs each query on one thread, and the machine's other cores wait.
Independent queries (the two halves of the blocking keys, the level counts for u and
for each EM session) can run at once instead: DuckDB releases the GIL while it works.

A cursor shares its connection's database (its tables and macros) but not the Arrow
tables registered on the connection: those are registered again on each cursor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]


def side_by_side(con: Any, views: Mapping[str, pa.Table], sqls: Sequence[str]) -> list[pa.Table]:
    """The results of ``sqls``, run at once on cursors of ``con`` that see ``views``."""
    if len(sqls) == 1:
        return [_on_cursor(con, views, sqls[0])]
    with ThreadPoolExecutor(max_workers=len(sqls)) as pool:
        return list(pool.map(lambda sql: _on_cursor(con, views, sql), sqls))


def _on_cursor(con: Any, views: Mapping[str, pa.Table], sql: str) -> pa.Table:
    cursor = con.cursor()
    try:
        for name, table in views.items():
            cursor.register(name, table)
        out = cursor.sql(sql).arrow()
        return out if isinstance(out, pa.Table) else out.read_all()
    finally:
        cursor.close()
