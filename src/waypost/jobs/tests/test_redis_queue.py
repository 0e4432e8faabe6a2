"""With WAYPOST_REDIS_URL set, jobs go through Redis (RQ) and `waypost worker` runs them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid

import pytest

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def redis_is_up() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1):
            return True
    except OSError:
        return False


def test_a_job_runs_through_redis_with_the_worker_command(tmp_path):
    if not redis_is_up():
        if os.environ.get("WAYPOST_REQUIRE_REDIS"):
            pytest.fail("WAYPOST_REQUIRE_REDIS is set but Redis is not on 127.0.0.1:6379.")
        pytest.skip("needs Redis on 127.0.0.1:6379 (CI provides it)")
    queue_db = 9  # a database of its own, so parallel runs do not share jobs
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("WAYPOST_")},
        "WAYPOST_DATA_DIR": str(tmp_path),
        "WAYPOST_REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{queue_db}",
        "DJANGO_SETTINGS_MODULE": "waypost.settings",
    }

    def waypost(*args: str) -> str:
        result = subprocess.run(  # noqa: S603 - our own command
            [sys.executable, "-m", "waypost.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,  # migrate on a busy machine
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    waypost("migrate")
    health = waypost(
        "manage",
        "shell",
        "--no-imports",
        "-c",
        "from waypost.jobs.selectors import queue_health; print(queue_health())",
    )
    assert "'backend': 'RQBackend'" in health and "'status': 'ok'" in health

    title = f"redis-{uuid.uuid4().hex[:8]}"
    waypost(
        "manage",
        "shell",
        "--no-imports",
        "-c",
        "from waypost.jobs.services import job_start;"
        "from waypost.jobs.tests.tasks_for_tests import count_to;"
        "from django.db import transaction;"
        f"transaction.atomic()(lambda: job_start(actor=None, kind='test', title='{title}', task=count_to, n=3))()",
    )
    waypost("worker", "--batch")

    status = waypost(
        "manage",
        "shell",
        "--no-imports",
        "-c",
        f"from waypost.jobs.models import Job; j = Job.objects.get(title='{title}'); print(j.status, j.done, j.result)",
    )
    assert status.split() == ["succeeded", "3", "{'counted':", "3}"]
