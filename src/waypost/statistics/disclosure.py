"""Disclosure control for tables of counts: primary and secondary cell suppression, rounding.

A release publishes a one- or two-way table of counts with its margins (row totals, column
totals, grand total). Primary suppression hides every cell with 0 < count < k. Hiding a cell
is not enough when the margins are published: a lone hidden cell in a row is its row total
minus the others. Secondary suppression therefore treats the published table as the linear
system an attacker would solve: for each hidden cell, the smallest and largest value it can
take given every published cell and margin (and that counts are not negative) is a pair of
small linear programmes, solved with SciPy's HiGHS. Cells are hidden until every hidden
cell's feasible interval is at least ``margin`` wide.

Why a heuristic of our own: the maintained tools for cell suppression (sdcTable in R,
tau-Argus in Java) cannot be called from Python without their runtimes, and the tables
Waypost releases are small (tens of rows and columns), so a greedy choice checked by exact
linear programmes is both fast enough and verifiable: ``audit`` is the proof, and the tests
solve the same system independently.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

Key = tuple[Hashable, ...]

DEFAULT_K = 5


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass
class ProtectedTable:
    """A table after disclosure control: each cell's published value or ``None``.

    ``rows`` and ``columns`` are the categories of the first and second dimension (a
    one-way table has a single column, ``None``). Totals are published unless hidden
    (``None``) by the last resort of ``protect`` (a table too small to protect otherwise).
    """

    rows: list[Hashable]
    columns: list[Hashable]
    values: dict[Key, int]  # the true values, kept for the audit; never published
    primary: set[Key] = field(default_factory=set)
    secondary: set[Key] = field(default_factory=set)
    hidden_row_totals: set[Hashable] = field(default_factory=set)
    hidden_column_totals: set[Hashable] = field(default_factory=set)
    grand_total_hidden: bool = False
    k: int = DEFAULT_K
    margin: int = DEFAULT_K
    rounding: int = 1

    @property
    def two_way(self) -> bool:
        return self.columns != [None]

    @property
    def hidden(self) -> set[Key]:
        return self.primary | self.secondary

    def published(self, key: Key) -> int | None:
        if key in self.hidden:
            return None
        return round_to(self.values.get(key, 0), self.rounding)

    def row_total(self, row: Hashable) -> int | None:
        if row in self.hidden_row_totals:
            return None
        return round_to(sum(self.values.get((row, c), 0) for c in self.columns), self.rounding)

    def column_total(self, column: Hashable) -> int | None:
        if column in self.hidden_column_totals:
            return None
        return round_to(sum(self.values.get((r, column), 0) for r in self.rows), self.rounding)

    def grand_total(self) -> int | None:
        if self.grand_total_hidden:
            return None
        return round_to(sum(self.values.values()), self.rounding)


def round_to(value: int, base: int) -> int:
    """Conventional rounding to the nearest multiple of ``base`` (halves up)."""
    if base <= 1:
        return value
    return int((value + base // 2) // base * base)


def audit(table: ProtectedTable) -> dict[Key, Interval]:
    """Each hidden cell's feasible interval given everything the table publishes.

    Unknowns are the hidden cells and the hidden totals; equations are each published
    total (row, column, grand) as the sum of its cells; every unknown is at least 0. The
    true (unrounded) published values are used: rounding only widens what an attacker
    can infer, so this is the conservative check.
    """
    hidden = sorted(table.hidden, key=repr)
    if not hidden:
        return {}
    unknowns: list[tuple[str, Hashable]] = [("cell", key) for key in hidden]
    unknowns += [("row", r) for r in sorted(table.hidden_row_totals, key=repr)]
    unknowns += [("column", c) for c in sorted(table.hidden_column_totals, key=repr)]
    index = {u: i for i, u in enumerate(unknowns)}
    n = len(unknowns)
    rows_eq: list[np.ndarray] = []
    rhs: list[float] = []

    def line(cells: Sequence[Key], total: tuple[str, Hashable] | None, value: float) -> None:
        coefficients = np.zeros(n)
        constant = 0.0
        for key in cells:
            if ("cell", key) in index:
                coefficients[index[("cell", key)]] += 1
            else:
                constant += table.values.get(key, 0)
        if total is not None:
            coefficients[index[total]] -= 1
            right = -constant
        else:
            right = value - constant
        if coefficients.any():
            rows_eq.append(coefficients)
            rhs.append(right)

    grand = float(sum(table.values.values()))
    if table.two_way:  # a one-way table's "row totals" are its cells
        for r in table.rows:
            cells = [(r, c) for c in table.columns]
            hidden_total = ("row", r) if r in table.hidden_row_totals else None
            value = float(sum(table.values.get(key, 0) for key in cells))
            line(cells, hidden_total, value)
        for c in table.columns:
            cells = [(r, c) for r in table.rows]
            hidden_total = ("column", c) if c in table.hidden_column_totals else None
            value = float(sum(table.values.get(key, 0) for key in cells))
            line(cells, hidden_total, value)
    if not table.grand_total_hidden:
        line([(r, c) for r in table.rows for c in table.columns], None, grand)
    a_eq = np.array(rows_eq) if rows_eq else None
    b_eq = np.array(rhs) if rhs else None
    result: dict[Key, Interval] = {}
    # Hidden totals are checked too (a total under k is as sensitive as a cell), keyed
    # ("row total", row) and ("column total", column).
    targets: list[tuple[Key, tuple[str, Hashable]]] = [(key, ("cell", key)) for key in hidden]
    targets += [
        ((f"{kind} total", value), (kind, value)) for kind, value in unknowns[len(hidden) :]
    ]
    for key, unknown in targets:
        objective = np.zeros(n)
        objective[index[unknown]] = 1
        bounds = [(0, None)] * n
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        # An unbounded maximum (possible only when every total around it is hidden) is
        # as protected as a cell can be.
        top = float("inf") if high.status == 3 else -float(high.fun)
        result[key] = Interval(float(low.fun), top)
    return result


def protect(
    counts: Mapping[Key, int],
    *,
    rows: Sequence[Hashable] | None = None,
    columns: Sequence[Hashable] | None = None,
    k: int = DEFAULT_K,
    margin: int | None = None,
    rounding: int = 1,
) -> ProtectedTable:
    """Apply primary and secondary suppression to a table of counts.

    ``counts`` maps (row, column) to a count, or (row,) for a one-way table; missing cells
    are 0. ``margin`` (default ``k``) is how wide each hidden cell's feasible interval must
    be. A zero is not sensitive (nobody is in it) and stays published unless chosen as a
    secondary suppression.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    margin = k if margin is None else margin
    one_way = all(len(key) == 1 for key in counts) and counts
    values: dict[Key, int] = {}
    for key, value in counts.items():
        if value < 0:
            raise ValueError("counts cannot be negative")
        full = (key[0], None) if len(key) == 1 else key
        if len(full) != 2:
            raise ValueError("only one- and two-way tables are supported")
        values[full] = values.get(full, 0) + int(value)
    row_list = list(rows) if rows is not None else _ordered(key[0] for key in values)
    column_list: list[Hashable] = (
        [None]
        if one_way or (columns is None and not values)
        else (list(columns) if columns is not None else _ordered(key[1] for key in values))
    )
    table = ProtectedTable(
        rows=row_list, columns=column_list, values=values, k=k, margin=margin, rounding=rounding
    )
    for r in row_list:
        for c in column_list:
            if 0 < values.get((r, c), 0) < k:
                table.primary.add((r, c))
    # A total under k is as sensitive as a cell: hidden too, and its cells then need
    # partners only along their other line.
    if table.two_way:
        for r in row_list:
            if 0 < sum(values.get((r, c), 0) for c in column_list) < k:
                table.hidden_row_totals.add(r)
        for c in column_list:
            if 0 < sum(values.get((r, c), 0) for r in row_list) < k:
                table.hidden_column_totals.add(c)
    if 0 < sum(values.values()) < k:
        table.grand_total_hidden = True
    _secondary(table)
    return table


def _ordered(items: object) -> list[Hashable]:
    seen: dict[Hashable, None] = {}
    for item in items:  # type: ignore[attr-defined]
        seen.setdefault(item, None)
    return sorted(seen, key=lambda v: (v is None, str(v)))


def _secondary(table: ProtectedTable) -> None:
    """Hide more cells until the audit finds every hidden cell protected.

    First the classic hypercube choice for each primary cell (Giessing and Repsilber's
    method for two-way tables): the rectangle through it whose other three corners cost
    least to hide (cells already hidden are free) among those wide enough, a rectangle
    letting the cell move by min(row partner, column partner) up and min(itself, the
    opposite corner) down. Then the linear programmes decide; any cell they still find
    exposed gets one more partner at a time from its row or column.
    """
    if not table.hidden:
        return
    for key in sorted(table.primary, key=lambda cell: (table.values.get(cell, 0), repr(cell))):
        for cell in _hypercube(table, key):
            if cell not in table.hidden:
                table.secondary.add(cell)
    while True:
        intervals = audit(table)
        exposed = [
            key for key in sorted(intervals, key=repr) if intervals[key].width < table.margin
        ]
        if not exposed:
            return
        if not any(_hide_more(table, key) for key in exposed):
            # The last resort: publish no totals at all, leaving hidden cells unbounded.
            everything = (set(table.rows), set(table.columns) if table.two_way else set())
            if (table.hidden_row_totals, table.hidden_column_totals) == everything and (
                table.grand_total_hidden
            ):
                return
            table.hidden_row_totals |= everything[0]
            table.hidden_column_totals |= everything[1]
            table.grand_total_hidden = True


def _hide_more(table: ProtectedTable, key: Key) -> bool:
    """Hide one more cell or total to widen ``key``'s interval; False if none can be."""
    if key[0] in ("row total", "column total"):
        line = [
            cell
            for cell in (
                [(key[1], c) for c in table.columns]
                if key[0] == "row total"
                else [(r, key[1]) for r in table.rows]
            )
            if cell not in table.hidden
        ]
        if not line:
            return False
        table.secondary.add(min(line, key=lambda cell: _cost(table, cell)))
        return True
    candidate = _candidate(table, key)
    if candidate is not None:
        table.secondary.add(candidate)
        return True
    # Nothing left to hide: the totals around the cell go (a last resort for tiny tables).
    r, c = key
    if table.two_way and (r not in table.hidden_row_totals or c not in table.hidden_column_totals):
        table.hidden_row_totals.add(r)
        table.hidden_column_totals.add(c)
        return True
    return False


def _hypercube(table: ProtectedTable, key: Key) -> list[Key]:
    value = table.values.get
    hidden = table.hidden
    r, c = key

    def cost(cells: list[Key]) -> int:
        return sum(value(cell, 0) + 1 for cell in cells if cell not in hidden)

    options: list[tuple[bool, int, float, list[Key]]] = []
    if not table.two_way or r in table.hidden_row_totals:
        # Its row says nothing (a one-way table's "rows" are its cells): one partner in
        # its column is enough.
        for r2 in table.rows:
            if r2 != r:
                column_partner: list[Key] = [(r2, c)]
                width = value(key, 0) + value((r2, c), 0)
                options.append((width < table.margin, cost(column_partner), -width, column_partner))
    if table.two_way and c in table.hidden_column_totals:
        for c2 in table.columns:
            if c2 != c:
                row_partner: list[Key] = [(r, c2)]
                width = value(key, 0) + value((r, c2), 0)
                options.append((width < table.margin, cost(row_partner), -width, row_partner))
    if table.two_way and not options:
        for r2 in table.rows:
            for c2 in table.columns:
                if r2 == r or c2 == c:
                    continue
                corners: list[Key] = [(r, c2), (r2, c), (r2, c2)]
                width = min(value((r, c2), 0), value((r2, c), 0)) + min(
                    value(key, 0), value((r2, c2), 0)
                )
                options.append((width < table.margin, cost(corners), -width, corners))
    if not options:
        return []
    return min(options, key=lambda option: option[:3])[3]


def _cost(table: ProtectedTable, cell: Key) -> tuple[int, int]:
    value = table.values.get(cell, 0)
    return (int(value < table.margin), value)


def _candidate(table: ProtectedTable, key: Key) -> Key | None:
    r, c = key
    hidden = table.hidden
    published = [(rr, cc) for rr in table.rows for cc in table.columns if (rr, cc) not in hidden]
    if not published:
        return None

    def score(cell: Key) -> tuple[int, int, str]:
        same_line = cell[0] == r or (table.two_way and cell[1] == c)
        value = table.values.get(cell, 0)
        # A partner smaller than the margin cannot widen the interval enough by itself.
        return (0 if same_line else 1, int(value < table.margin), f"{value:012d}{cell!r}")

    return min(published, key=score)
