"""Running the web server and the embedded job worker in one process.

The embedded worker is what lets a single small server (or the demo) run background
jobs with no extra service; large deployments run ``waypost worker`` separately.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)


def uses_database_queue() -> bool:
    return bool(settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend")


def start_embedded_worker() -> threading.Thread:
    from django_tasks.base import DEFAULT_TASK_QUEUE_NAME
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        interval=1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=worker.run, name="waypost-worker", daemon=True)
    thread.start()
    return thread


def serve(*, host: str, port: int, threads: int = 8, embedded_worker: bool = True) -> None:
    from waitress import serve as waitress_serve

    from waypost.wsgi import application

    if embedded_worker and uses_database_queue():
        from waypost.jobs.periodic import start_periodic_scheduler

        start_embedded_worker()
        # Periodic jobs (report expiry, ...) run wherever jobs run: here, or `waypost worker`.
        start_periodic_scheduler()
    waitress_serve(application, host=host, port=port, threads=threads, ident="Waypost")
