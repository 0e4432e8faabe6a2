"""Secrets generated on first use (master key, secret key) when threads start together."""

from __future__ import annotations

import stat
import threading

from waypost.conf import secret_from_file

THREADS = 16
ROUNDS = 20  # the race is narrow: give it many chances to show


def test_threads_asking_for_a_new_secret_at_once_all_get_the_same_one(tmp_path, monkeypatch):
    monkeypatch.delenv("WAYPOST_TEST_SECRET", raising=False)
    errors: list[BaseException] = []
    for round_number in range(ROUNDS):
        path = tmp_path / f"secret_{round_number}"
        start = threading.Barrier(THREADS)
        values: list[str] = []

        def ask(path=path, start=start, values=values) -> None:
            start.wait()
            try:
                values.append(secret_from_file("WAYPOST_TEST_SECRET", path, nbytes=32))
            except BaseException as error:  # noqa: BLE001 - the test reports what went wrong
                errors.append(error)

        threads = [threading.Thread(target=ask) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert errors == []
        assert len(values) == THREADS and set(values) == {path.read_text()}
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(list(tmp_path.iterdir())) == ROUNDS  # no temporary file left behind
