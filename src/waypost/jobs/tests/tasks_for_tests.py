"""A real task for the job tests: counts, reporting progress as it goes."""

from __future__ import annotations

from django_tasks import task

from waypost.jobs.services import ProgressReporter, job_run


@task()
def count_to(job_id: str, n: int) -> None:
    def work(progress: ProgressReporter) -> dict[str, int]:
        for i in range(1, n + 1):
            progress(i, n, f"counted {i}")
        return {"counted": n}

    job_run(job_id, work)


@task()
def fail(job_id: str) -> None:
    def work(progress: ProgressReporter) -> None:
        progress(1, 3)
        raise ValueError("the source file is not an MMP export")

    job_run(job_id, work)


# Plain callables for periodic-job tests (the registry names them by dotted path).
def periodic_fail() -> None:
    raise RuntimeError("the archive server did not answer")


def periodic_ok() -> dict[str, int]:
    return {"ok": 1}
