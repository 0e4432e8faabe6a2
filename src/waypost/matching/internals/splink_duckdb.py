"""Splink's DuckDB API, able to run a batch's independent queries side by side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
from splink import DuckDBAPI

from waypost.matching.internals.cursors import side_by_side


class SideBySideDuckDBAPI(DuckDBAPI):
    """Splink's DuckDB API, which also keeps the Arrow tables it registers, so that
    queries it did not plan can run on cursors of their own (:mod:`cursors`)."""

    def __init__(self, connection: Any) -> None:
        super().__init__(connection=connection)
        self._arrow_views: dict[str, pa.Table] = {}

    def _table_registration(self, input: Any, table_name: str) -> None:  # noqa: A002 - Splink's name
        super()._table_registration(input, table_name)
        if isinstance(input, pa.Table):
            self._arrow_views[table_name] = input

    def delete_table_from_database(self, name: str) -> None:
        super().delete_table_from_database(name)
        self._arrow_views.pop(name, None)

    def side_by_side(self, sqls: Sequence[str]) -> list[pa.Table]:
        """The results of ``sqls`` (on this API's tables), run at once."""
        return side_by_side(self._con, self._arrow_views, sqls)
