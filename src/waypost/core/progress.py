"""Progress bars for long commands: shown on a terminal, silent in logs and pipes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


class Advance(Protocol):
    def __call__(self, done: int, total: int | None = None, message: str = "") -> None: ...


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[Advance]:
    """Yield ``advance(done, total=None, message="")``; the same shape as job progress."""
    if not sys.stderr.isatty():
        yield lambda done, total=None, message="": None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=False,
        redirect_stdout=False,
    ) as progress:
        task_id = progress.add_task(description, total=total)

        def advance(done: int, total: int | None = None, message: str = "") -> None:
            progress.update(
                task_id,
                completed=done,
                total=total if total is not None else progress.tasks[0].total,
                description=f"{description} {message}".strip(),
            )

        yield advance
