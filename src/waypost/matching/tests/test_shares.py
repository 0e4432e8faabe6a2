"""Python work shared out over forked processes (internals.shares)."""

from __future__ import annotations

import os
from collections.abc import Sequence

import pytest

from waypost.matching.internals import shares
from waypost.matching.internals.shares import map_shares

needs_fork = pytest.mark.skipif(
    shares._shares_for(2, 1) < 2, reason="needs fork and at least two cores"
)


def _squares_and_pids(items: Sequence[int]) -> tuple[list[int], int]:
    return [i * i for i in items], os.getpid()


@needs_fork
def test_each_share_runs_in_a_process_of_its_own_and_results_keep_the_items_order() -> None:
    results = map_shares(_squares_and_pids, list(range(1000)), min_share=10)
    assert len(results) == shares.cores()
    assert [x for squares, _ in results for x in squares] == [i * i for i in range(1000)]
    pids = [pid for _, pid in results]
    assert pids[-1] == os.getpid()  # the last share stays here
    assert len(set(pids)) == len(pids)


def test_too_few_items_for_a_second_share_run_here() -> None:
    (result,) = map_shares(_squares_and_pids, [1, 2, 3], min_share=2)
    assert result == ([1, 4, 9], os.getpid())


def test_shares_by_size_hold_about_as_much_each() -> None:
    assert shares._even_bounds(10, 2) == [0, 5, 10]
    # one large item makes a share of its own
    assert shares._bounds([9, 1, 1, 1, 1, 1, 1, 1, 1, 1], 10, 2) == [0, 1, 10]
    assert shares._bounds([1, 1, 1, 1, 1, 1, 1, 1, 1, 9], 10, 2) == [0, 9, 10]
    assert shares._bounds([2, 2, 2, 2], 4, 2) == [0, 2, 4]


class _Refused(ValueError):
    pass


def _fails_in_a_child(items: Sequence[int]) -> list[int]:
    if 0 in items:
        raise _Refused("share with 0 refused")
    return list(items)


@needs_fork
def test_the_share_of_this_process_is_short_of_what_it_does_meanwhile() -> None:
    assert shares._even_bounds(10_000, 2, 2_000) == [0, 6_000, 10_000]
    assert shares._even_bounds(9, 3, 3) == [0, 4, 8, 9]
    # work meanwhile longer than a share: this process does that alone
    assert shares._even_bounds(100, 2, 500) == [0, 100, 100]


@needs_fork
def test_work_meanwhile_runs_once_here_beside_a_smaller_share() -> None:
    calls: list[int] = []
    results = map_shares(
        _squares_and_pids,
        list(range(1000)),
        min_share=10,
        meanwhile=lambda: calls.append(os.getpid()),
        meanwhile_items=200,
    )
    assert calls == [os.getpid()]
    assert [x for squares, _ in results for x in squares] == [i * i for i in range(1000)]
    sizes = [len(squares) for squares, _ in results]
    assert sizes[-1] < min(sizes[:-1])


def test_a_failing_child_raises_its_own_exception_here() -> None:
    with pytest.raises(_Refused, match="share with 0 refused"):
        map_shares(_fails_in_a_child, list(range(100)), min_share=10)


def _exits(items: Sequence[int]) -> list[int]:
    if 0 in items:
        os._exit(3)
    return list(items)


@needs_fork
def test_a_child_that_dies_without_a_result_is_an_error_not_a_short_result() -> None:
    with pytest.raises(RuntimeError, match="exit code 3"):
        map_shares(_exits, list(range(100)), min_share=10)
