"""One release: a table of counts, protected, ready to publish as cells."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from waypost.statistics.disclosure import DEFAULT_K, Key, ProtectedTable, protect
from waypost.statistics.privacy import private_counts


@dataclass
class Release:
    table: ProtectedTable
    method: str
    epsilon: float | None = None

    @property
    def cells(self) -> list[dict[str, Any]]:
        """Every cell of the grid, rows then columns: {"key", "value", "suppressed"}."""
        return [
            {
                "key": (r,) if not self.table.two_way else (r, c),
                "value": self.table.published((r, c)),
                "suppressed": (r, c) in self.table.hidden,
            }
            for r in self.table.rows
            for c in self.table.columns
        ]

    @property
    def suppressed(self) -> int:
        return len(self.table.hidden)

    def totals(self) -> dict[str, Any]:
        table = self.table
        totals: dict[str, Any] = {"total": table.grand_total()}
        if table.two_way:
            totals["rows"] = {r: table.row_total(r) for r in table.rows}
            totals["columns"] = {c: table.column_total(c) for c in table.columns}
        return totals


def release(
    counts: Mapping[Key, int],
    *,
    rows: Sequence[Hashable] | None = None,
    columns: Sequence[Hashable] | None = None,
    k: int = DEFAULT_K,
    margin: int | None = None,
    rounding: int = 1,
    dp_epsilon: float | None = None,
) -> Release:
    """Protect a table of counts for publication.

    With ``dp_epsilon``, every cell of the grid (zeros included: which cells are empty is
    information too) gets discrete Laplace noise first, and suppression and rounding then
    apply to the noisy counts (post-processing, which spends no budget). The grid's rows and
    columns should then be public categories, not ones read from the data.
    """
    method = ["suppression"]
    epsilon = None
    if dp_epsilon is not None:
        two_way = any(len(key) == 2 for key in counts)
        row_list = list(rows) if rows is not None else sorted({key[0] for key in counts}, key=str)
        column_list: list[Hashable] = (
            (list(columns) if columns is not None else sorted({key[1] for key in counts}, key=str))
            if two_way
            else [None]
        )
        grid = [(r, c) for r in row_list for c in column_list]
        exact = [counts.get((r, c) if two_way else (r,), 0) for r, c in grid]
        noisy, epsilon = private_counts(exact, epsilon=dp_epsilon)
        counts = {((r, c) if two_way else (r,)): v for (r, c), v in zip(grid, noisy, strict=True)}
        rows, columns = row_list, (column_list if two_way else None)
        method.insert(0, "discrete-laplace")
    if rounding > 1:
        method.append(f"rounding-{rounding}")
    table = protect(counts, rows=rows, columns=columns, k=k, margin=margin, rounding=rounding)
    return Release(table=table, method="+".join(method), epsilon=epsilon)
