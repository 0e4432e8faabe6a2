"""Concurrent writers against a real ``waypost serve`` on the embedded SQLite default.

The server runs in its own process on a throw-away data directory (a SQLite file, as
installed, not the test suite's in-memory database), so what is tested is what people run:
waitress threads, the settings' SQLite options, the audit log.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from waypost.core import loadbench

WRITERS = 20
WRITES_EACH = 4


@pytest.fixture(scope="module")
def server():
    with loadbench.spawned_server(database_url="", threads=WRITERS) as target:
        yield target


def test_twenty_concurrent_writers_get_no_error_and_every_write_is_readable(server):
    operations = loadbench.Operations(server)
    start = threading.Barrier(WRITERS)
    tallies = [loadbench.Tally() for _ in range(WRITERS)]
    statuses: list[int] = []
    # Each report from its own loopback address: the per-address submission limit is not
    # what this test is about.
    sources, sources_lock = loadbench.loopback_sources(), threading.Lock()

    def source() -> str:
        with sources_lock:
            return next(sources)

    def write(number: int, tally: loadbench.Tally) -> None:
        client = loadbench.Client(server, source)
        start.wait()
        try:
            for _ in range(WRITES_EACH):
                # Half the writers send anonymous reports, half create missing-person reports.
                if number % 2:
                    statuses.append(operations.report_submit(client, tally))
                else:
                    statuses.append(operations.person_create(client, tally))
        finally:
            client.close()

    threads = [
        threading.Thread(target=write, args=(number, tally)) for number, tally in enumerate(tallies)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Counter(statuses) == {201: WRITERS * WRITES_EACH}
    created = loadbench.Tally()
    for tally in tallies:
        created.add(tally)
    readback = loadbench.read_back(server, created, None)
    assert (readback.reports_readable, readback.persons_readable) == (
        WRITERS // 2 * WRITES_EACH,
        WRITERS // 2 * WRITES_EACH,
    )


def test_the_load_bench_prints_each_scenario_and_reads_back_what_it_created(server, capsys):
    from django.core.management import call_command

    call_command(
        "bench",
        "load",
        *("--url", server.url, "--token", server.token, "--recipient", server.recipient),
        *("--scenarios", "mixed", "--clients", "4", "--duration", "1"),
    )
    out = capsys.readouterr().out

    rows = {
        line.split()[0]: line.split()[1:4] for line in out.splitlines() if line.startswith("mixed")
    }
    assert set(rows) == {"mixed", *(f"mixed/{name}" for name in loadbench.OPERATIONS)}
    clients, requests, server_errors = (int(value) for value in rows["mixed"])
    assert clients == 4 and requests > 0 and server_errors == 0
    assert "Read back:" in out
