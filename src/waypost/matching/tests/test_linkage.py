"""How a batch run treats the Python process that runs it."""

from __future__ import annotations

import gc
import weakref

from waypost.matching.internals.linkage import no_gc


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_leaving_a_batch_walks_none_of_what_it_kept_and_its_cycles_stay_collectable() -> None:
    collections: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.collect()
    with no_gc():
        assert not gc.isenabled()
        kept = [{"name": [str(i)], "year": (i,)} for i in range(50_000)]
        a, b = _Node(), _Node()
        a.other, b.other = b, a
        cycle = weakref.ref(a)
        del a, b
        gc.callbacks.append(seen)
    try:
        assert gc.isenabled()
        assert collections == []  # no collection on the way out
        # and none to come of the young generations: what the batch kept is old already
        assert gc.get_count()[0] < 1_000
    finally:
        gc.callbacks.remove(seen)
    gc.collect()
    assert cycle() is None
    assert len(kept) == 50_000


def test_a_nested_batch_leaves_the_collector_to_the_outer_one() -> None:
    with no_gc():
        with no_gc():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
