from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from waypost.statistics import audit, protect, release, round_to


def attacker_intervals(published: release) -> dict[tuple, tuple[float, float]]:  # type: ignore[valid-type]
    """What someone holding only the published cells and totals can infer about each
    hidden cell: its integer minimum and maximum, solved independently of ``audit``."""
    table = published.table
    cells = {tuple(cell["key"]): cell["value"] for cell in published.cells}
    totals = published.totals()
    hidden = [key for key, value in cells.items() if value is None]
    index = {key: i for i, key in enumerate(hidden)}
    lines: list[tuple[list[tuple], int | None]] = []
    if table.two_way:
        lines += [([k for k in cells if k[0] == r], totals["rows"][r]) for r in table.rows]
        lines += [([k for k in cells if k[1] == c], totals["columns"][c]) for c in table.columns]
    lines.append((list(cells), totals["total"]))
    a, lower, upper = [], [], []
    for members, total in lines:
        if total is None:
            continue
        row = np.zeros(len(hidden))
        known = 0
        for key in members:
            if cells[key] is None:
                row[index[key]] = 1
            else:
                known += cells[key]
        if row.any():
            a.append(row)
            lower.append(total - known)
            upper.append(total - known)
    constraints = [LinearConstraint(np.array(a), lower, upper)] if a else []
    result = {}
    for key in hidden:
        objective = np.zeros(len(hidden))
        objective[index[key]] = 1
        low = milp(
            objective,
            constraints=constraints,
            integrality=np.ones(len(hidden)),
            bounds=Bounds(0, np.inf),
        )
        high = milp(
            -objective,
            constraints=constraints,
            integrality=np.ones(len(hidden)),
            bounds=Bounds(0, np.inf),
        )
        # No finite maximum: no total bounds the cell (milp says unbounded or gives up).
        result[key] = (low.fun, -high.fun if high.status == 0 else np.inf)
    return result


def test_a_cell_under_k_hides_another_cell_in_its_row_and_its_column() -> None:
    counts = {
        ("Mediterranean", 2023): 3,
        ("Mediterranean", 2024): 40,
        ("Mediterranean", 2025): 52,
        ("Americas", 2023): 21,
        ("Americas", 2024): 8,
        ("Americas", 2025): 33,
        ("Africa", 2023): 17,
        ("Africa", 2024): 12,
        ("Africa", 2025): 60,
    }
    published = release(counts, k=5)
    hidden = {tuple(c["key"]) for c in published.cells if c["suppressed"]}
    assert ("Mediterranean", 2023) in hidden
    assert any(key[0] == "Mediterranean" and key[1] != 2023 for key in hidden)
    assert any(key[1] == 2023 and key[0] != "Mediterranean" for key in hidden)
    assert all(c["value"] is None for c in published.cells if c["suppressed"])


def test_solving_the_published_linear_system_recovers_no_hidden_value() -> None:
    counts = {
        ("Mediterranean", 2023): 3,
        ("Mediterranean", 2024): 40,
        ("Mediterranean", 2025): 52,
        ("Americas", 2023): 21,
        ("Americas", 2024): 8,
        ("Americas", 2025): 1,
        ("Africa", 2023): 17,
        ("Africa", 2024): 12,
        ("Africa", 2025): 60,
        ("Asia", 2023): 0,
        ("Asia", 2024): 6,
        ("Asia", 2025): 9,
    }
    published = release(counts, k=5)
    intervals = attacker_intervals(published)
    assert len(intervals) >= 4
    for key, (low, high) in intervals.items():
        assert low <= counts[key] <= high
        assert high - low >= 5, key


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(2, 6), st.randoms(use_true_random=False))
def test_no_random_table_lets_a_hidden_cell_be_recovered(
    n_rows: int, n_columns: int, k: int, rng: random.Random
) -> None:
    counts = {
        (f"r{r}", c): rng.choice([0, 1, 2, 3, 4, 7, 12, 30, 100])
        for r in range(n_rows)
        for c in range(n_columns)
    }
    published = release(counts, k=k)
    hidden = {tuple(c["key"]) for c in published.cells if c["suppressed"]}
    assert {key for key, value in counts.items() if 0 < value < k} <= hidden
    for key, (low, high) in attacker_intervals(published).items():
        assert low <= counts[key] <= high
        assert high - low >= k, (key, counts)


def test_a_one_way_table_hides_a_second_cell_so_the_total_does_not_reveal_the_first() -> None:
    published = release({("A",): 2, ("B",): 9, ("C",): 40}, k=5)
    assert [c["value"] for c in published.cells] == [None, None, 40]
    assert published.totals() == {"total": 51}
    assert attacker_intervals(published)[("A",)] == (0, 11)


def test_a_table_with_a_single_small_cell_hides_its_total_too() -> None:
    published = release({("A",): 2}, k=5)
    assert published.cells == [{"key": ("A",), "value": None, "suppressed": True}]
    assert published.totals() == {"total": None}


def test_nothing_is_hidden_when_every_cell_reaches_k() -> None:
    published = release({("A", 1): 5, ("A", 2): 0, ("B", 1): 9, ("B", 2): 70}, k=5)
    assert published.suppressed == 0
    assert published.method == "suppression"
    assert audit(published.table) == {}


def test_rounding_publishes_multiples_of_the_base_and_says_so() -> None:
    published = release({("A",): 12, ("B",): 18, ("C",): 7}, k=5, rounding=5)
    assert [c["value"] for c in published.cells] == [10, 20, 5]
    assert published.totals() == {"total": 35}
    assert published.method == "suppression+rounding-5"
    assert [round_to(v, 10) for v in (4, 5, 14, 15)] == [0, 10, 10, 20]


def test_a_differentially_private_release_records_the_epsilon_opendp_computed() -> None:
    counts = {(r, c): 50 for r in "ABC" for c in (2024, 2025)}
    published = release(counts, k=5, dp_epsilon=0.5)
    assert published.epsilon == pytest.approx(0.5)
    assert published.method == "discrete-laplace+suppression"
    assert len(published.cells) == 6
    assert all(c["value"] is None or c["value"] >= 5 for c in published.cells)
    # Noise with scale 2 keeps counts of 50 near 50 (P(|noise| > 40) is about 2e-9).
    assert all(c["value"] is None or abs(c["value"] - 50) < 40 for c in published.cells)


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="k must"):
        protect({("A",): 1}, k=0)
    with pytest.raises(ValueError, match="negative"):
        protect({("A",): -1})
    with pytest.raises(ValueError, match="epsilon"):
        release({("A",): 1}, dp_epsilon=0)
    with pytest.raises(ValueError, match="two-way"):
        protect({("A", 1, "x"): 1})
