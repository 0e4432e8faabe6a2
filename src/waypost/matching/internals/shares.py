"""Python work split over the machine's cores: one forked process per share of the items.

The feature pass of a batch is pure Python, and while it runs DuckDB (which uses every
core) has nothing to do, and so is the explanation of the scored pairs. On 2 cores, a
million records' feature rows take 36 s instead of 61 s.

Written with ``multiprocessing`` directly rather than a pool (``concurrent.futures``):
a forked child inherits its share of the items, so nothing is pickled on the way there,
and it starts in milliseconds where a pool's spawned worker would import Waypost and load
the name model again. Where fork is not available (Windows, and not safe on macOS), or
the items are too few to pay for a process, everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import warnings
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - platforms without affinity


def _shares_for(n_items: int, min_share: int) -> int:
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(cores(), n_items // max(min_share, 1)))


def map_shares(
    fn: Callable[[Sequence[T]], R],
    items: Sequence[T],
    *,
    min_share: int,
    size: Callable[[T], int] | None = None,
    meanwhile: Callable[[], object] | None = None,
    meanwhile_items: int = 0,
) -> list[R]:
    """``fn`` of contiguous shares of ``items`` (their results in the items' order): one
    share per core, of at least ``min_share`` items; the last share in this process. The
    shares hold about as many items each, or as much of their ``size`` if given.

    ``meanwhile`` is called in this process once its own share is done, before it waits
    for the others: a forked share also sends its result through a pipe, so this process
    is idle a while. ``meanwhile_items``: about how many items ``fn`` does in the time
    ``meanwhile`` takes; this process's share is that much smaller (without ``size``).

    ``fn``'s result must be picklable (it comes back through a pipe; ``fn`` and the
    items are inherited), and ``fn`` must not use a database connection or thread of
    this process: only the calling thread lives on in a forked child. A share that fails raises its exception
    here (or a RuntimeError with the child's traceback, if the exception cannot be
    pickled).
    """
    shares = _shares_for(len(items), min_share)
    if shares == 1:
        result = fn(items)
        if meanwhile:
            meanwhile()
        return [result]
    if size:
        bounds = _bounds([size(item) for item in items], len(items), shares)
    else:
        bounds = _even_bounds(len(items), shares, meanwhile_items if meanwhile else 0)
    parts = [items[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    context = multiprocessing.get_context("fork")
    children: list[tuple[Any, Connection]] = []
    try:
        for part in parts[:-1]:
            reader, writer = context.Pipe(duplex=False)
            child = context.Process(target=_run_share, args=(fn, part, writer), daemon=True)
            with warnings.catch_warnings():
                # Python 3.12+ warns on any fork of a process with threads (DuckDB's idle
                # workers here). The child runs only ``fn``'s Python code, which takes none
                # of their locks, and ends with os._exit.
                warnings.filterwarnings(
                    "ignore",
                    message=r".*fork\(\) may lead to deadlocks",
                    category=DeprecationWarning,
                )
                child.start()
            writer.close()
            children.append((child, reader))
        own = fn(parts[-1])
        if meanwhile:
            meanwhile()
        return [*(_received(child, reader) for child, reader in children), own]
    finally:
        for child, reader in children:
            reader.close()
            if child.is_alive():
                child.terminate()  # this process failed first: the child's result is moot
            child.join()


def _even_bounds(n_items: int, shares: int, last_handicap: int = 0) -> list[int]:
    """Shares of about as many items each, the last ``last_handicap`` items short."""
    per = (n_items + last_handicap) / shares
    return [min(n_items, round(per * i)) for i in range(shares)] + [n_items]


def _bounds(sizes: list[int], n_items: int, shares: int) -> list[int]:
    total = sum(sizes)
    bounds, done = [0], 0
    for i, item_size in enumerate(sizes):
        if done * shares >= total * len(bounds) and len(bounds) < shares:
            bounds.append(i)
        done += item_size
    bounds += [n_items] * (shares + 1 - len(bounds))
    return bounds


def _run_share(fn: Callable[[Sequence[T]], R], part: Sequence[T], writer: Connection) -> None:
    try:
        payload = pickle.dumps((True, fn(part)), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        import traceback

        try:
            payload = pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - an exception that does not pickle
            payload = pickle.dumps((False, RuntimeError(traceback.format_exc())))
    writer.send_bytes(payload)
    writer.close()


def _received(child: Any, reader: Connection) -> Any:
    try:
        payload = reader.recv_bytes()
    except EOFError:
        child.join()
        raise RuntimeError(
            f"a worker process ended without its result (exit code {child.exitcode})"
        ) from None
    ok, value = pickle.loads(payload)  # noqa: S301 - written by our own child, just above
    if not ok:
        raise value
    return value
