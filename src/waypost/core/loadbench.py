"""``waypost bench load``: many clients writing and reading over HTTP against a real server.

The server is a real ``waypost serve`` (waitress), either one already running (``--url``,
with a token and a reporting recipient given) or one this module starts on a throw-away
data directory: the embedded SQLite default, or the PostgreSQL database of
``--database-url``. Clients are threads with their own HTTP connections (stdlib only), so
what is measured is the server: its threads, its database locks, its audit log.

Each scenario runs for a fixed time with N clients and reports requests, errors (5xx, and
anything else unexpected: refused connections, 4xx, timeouts), p50/p95 latency and
requests per second. Every 201 is then read back: a report by its receipt, a
missing-person report by its id. A lost write is what this command exists to find.
"""

from __future__ import annotations

import http.client
import ipaddress
import itertools
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPORT_SUBMIT = "report-submit"
PERSON_CREATE = "person-create"
PERSON_LIST = "person-list"
PERSON_READ = "person-read"
# All at once: client i does what the (i mod 4)th scenario does, so half the clients write
# while the other half read.
MIXED = "mixed"
OPERATIONS = (REPORT_SUBMIT, PERSON_CREATE, PERSON_LIST, PERSON_READ)
SCENARIOS = (*OPERATIONS, MIXED)
DEFAULT_SCENARIOS = OPERATIONS
SEED_PERSONS = 20
REQUEST_TIMEOUT_SECONDS = 60.0

# What the bench needs on the server it starts: an organisation that receives reports,
# a caseworker of it and an API token. Run in a fresh process with the server's settings.
SETUP = r"""
import json, secrets
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from waypost.accounts import services as accounts
from waypost.accounts.roles import OrganisationKind, Role
from waypost.reporting import services as reporting
suffix = secrets.token_hex(4)
org = accounts.organisation_create(
    name=f"Load bench {suffix}", kind=OrganisationKind.NGO, country="TUN", languages=["en"]
)
reporting.channel_set(actor=None, organisation=org, accepts_reports=True, countries=["TUN"])
user = accounts.user_create(username=f"load-bench-{suffix}", organisation=org, role=Role.CASEWORKER)
print("SETUP " + json.dumps({"token": accounts.token_create(user=user), "recipient": org.slug}))
"""


class BenchError(Exception):
    """The bench could not run (server did not start, setup failed)."""


@dataclass(frozen=True)
class Target:
    url: str
    token: str
    recipient: str
    country: str = "TUN"

    @property
    def parts(self) -> urllib.parse.SplitResult:
        return urllib.parse.urlsplit(self.url)


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    server_errors: int = 0
    other_errors: int = 0
    receipts: list[str] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.latencies += other.latencies
        self.server_errors += other.server_errors
        self.other_errors += other.other_errors
        self.receipts += other.receipts
        self.person_ids += other.person_ids


@dataclass(frozen=True)
class Result:
    scenario: str
    clients: int
    requests: int
    server_errors: int
    other_errors: int
    p50_ms: float
    p95_ms: float
    per_second: float


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def loopback_sources() -> Iterator[str]:
    """Distinct loopback addresses (127.1.0.1, 127.1.0.2, ...) for anonymous reporters.

    The reporting API lets one address send 30 reports an hour; sending each report from
    its own address measures the server as many reporters load it, not that limit.
    """
    for number in itertools.count(1):
        yield str(ipaddress.IPv4Address("127.1.0.0") + number % (2**16 * 254))


def can_send_from_loopback(host: str) -> bool:
    """The server is on this machine, and this system lets a client use any loopback
    address (Linux does; others need aliases)."""
    try:
        if not ipaddress.ip_address(socket.gethostbyname(host)).is_loopback:
            return False
        with socket.socket() as probe:
            probe.bind(("127.1.0.1", 0))
    except (OSError, ValueError):
        return False
    return True


class Client:
    """One HTTP/1.1 connection kept alive; anonymous requests may come from a new address."""

    def __init__(self, target: Target, sources: Callable[[], str] | None) -> None:
        self.target, self.sources = target, sources
        self.connection: http.client.HTTPConnection | None = None

    def _connect(self, source: str | None) -> http.client.HTTPConnection:
        parts = self.target.parts
        kind = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        return kind(
            parts.hostname or "127.0.0.1",
            parts.port,
            timeout=REQUEST_TIMEOUT_SECONDS,
            source_address=(source, 0) if source else None,
        )

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, object] | None = None,
        *,
        token: bool = True,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        sent = {"Accept": "application/json", **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {self.target.token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        source = self.sources() if not token and self.sources is not None else None
        if source is not None or self.connection is None:
            self.close()
            self.connection = self._connect(source)
        try:
            self.connection.request(method, path, body=payload, headers=sent)
            response = self.connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Operations:
    """What the clients do; each returns the HTTP status and remembers what it created."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.counter = itertools.count(1)
        self.known_ids: list[int] = []

    def report_submit(self, client: Client, tally: Tally) -> int:
        number = next(self.counter)
        status, body = client.request(
            "POST",
            "/api/v1/reports/",
            {
                "recipient": self.target.recipient,
                "what_happened": f"Load bench report {number}: workers were not paid.",
                "where": "Sfax port",
                "when": "2025-03",
                "language": "en",
                "country": self.target.country,
            },
            token=False,
        )
        if status == 201:
            tally.receipts.append(json.loads(body)["receipt"])
        return status

    def person_create(self, client: Client, tally: Tally) -> int:
        number = next(self.counter)
        status, body = client.request(
            "POST",
            "/api/v1/missing-persons/",
            {
                "name": f"Bench Person {number}",
                "sex": "M",
                "birth_date": str(1960 + number % 40),
                "nationality": "SDN",
                "last_seen_place": "Agadez",
            },
        )
        if status == 201:
            tally.person_ids.append(int(json.loads(body)["id"]))
        return status

    def person_list(self, client: Client, tally: Tally) -> int:
        return client.request("GET", "/api/v1/missing-persons/")[0]

    def person_read(self, client: Client, tally: Tally) -> int:
        # random here picks which record to read, nothing secret.
        person_id = random.choice(self.known_ids)  # noqa: S311
        return client.request("GET", f"/api/v1/missing-persons/{person_id}/")[0]

    def for_client(self, scenario: str, index: int) -> tuple[Callable[[Client, Tally], int], int]:
        """What client ``index`` does, and the status that counts as success."""
        name = OPERATIONS[index % len(OPERATIONS)] if scenario == MIXED else scenario
        return {
            REPORT_SUBMIT: (self.report_submit, 201),
            PERSON_CREATE: (self.person_create, 201),
            PERSON_LIST: (self.person_list, 200),
            PERSON_READ: (self.person_read, 200),
        }[name]


def run_scenario(
    target: Target,
    operations: Operations,
    scenario: str,
    clients: int,
    duration: float,
    sources: Callable[[], str] | None,
) -> tuple[list[Result], Tally]:
    """One result per scenario; for ``mixed``, one per operation (reads while others
    write are what it is for), after the one for all of them together."""
    tallies = [Tally() for _ in range(clients)]
    start = threading.Barrier(clients + 1)
    deadline: list[float] = []

    def work(index: int, tally: Tally) -> None:
        operation, expected = operations.for_client(scenario, index)
        client = Client(target, sources)
        start.wait()
        try:
            while time.perf_counter() < deadline[0]:
                began = time.perf_counter()
                try:
                    status = operation(client, tally)
                except (OSError, http.client.HTTPException, ValueError, KeyError):
                    status = 0
                tally.latencies.append(time.perf_counter() - began)
                if status >= 500:
                    tally.server_errors += 1
                elif status != expected:
                    tally.other_errors += 1
        finally:
            client.close()

    threads = [
        threading.Thread(target=work, args=(index, tally), daemon=True)
        for index, tally in enumerate(tallies)
    ]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline.append(began + duration)
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    groups: dict[str, list[Tally]] = {scenario: tallies}
    if scenario == MIXED:
        for index, tally in enumerate(tallies):
            name = f"{MIXED}/{OPERATIONS[index % len(OPERATIONS)]}"
            groups.setdefault(name, []).append(tally)
    results = []
    for name, members in groups.items():
        total = Tally()
        for tally in members:
            total.add(tally)
        results.append(
            Result(
                scenario=name,
                clients=clients if name == scenario else len(members),
                requests=len(total.latencies),
                server_errors=total.server_errors,
                other_errors=total.other_errors,
                p50_ms=1000 * percentile(total.latencies, 0.50),
                p95_ms=1000 * percentile(total.latencies, 0.95),
                per_second=len(total.latencies) / elapsed,
            )
        )
    everything = Tally()
    for tally in tallies:
        everything.add(tally)
    return results, everything


READABLE, MISSING, UNANSWERED = "readable", "missing", "unanswered"
READ_BACK_TRIES = 5


@dataclass(frozen=True)
class Readback:
    reports: int
    reports_readable: int
    persons: int
    persons_readable: int
    # Asked READ_BACK_TRIES times, got only 5xx or no answer: not known to be lost.
    unanswered: int

    @property
    def complete(self) -> bool:
        return self.reports == self.reports_readable and self.persons == self.persons_readable

    def describe(self) -> str:
        text = (
            f"Read back: {self.reports_readable}/{self.reports} reports by receipt, "
            f"{self.persons_readable}/{self.persons} missing-person reports by id"
        )
        if self.unanswered:
            text += (
                f" ({self.unanswered} answered only 5xx or nothing after "
                f"{READ_BACK_TRIES} tries; the others were not found)"
            )
        return text + "."


def read_back(
    target: Target, created: Tally, sources: Callable[[], str] | None, workers: int = 8
) -> Readback:
    """Read every created report (by receipt) and missing-person report (by id)."""
    local, clients = threading.local(), []

    def client() -> Client:
        if not hasattr(local, "client"):
            local.client = Client(target, sources)
            clients.append(local.client)
        made: Client = local.client
        return made

    def report_status(receipt: str) -> int:
        headers = {"X-Waypost-Receipt": receipt}
        return client().request("GET", "/api/v1/reports/status/", token=False, headers=headers)[0]

    def person_status(person_id: int) -> int:
        return client().request("GET", f"/api/v1/missing-persons/{person_id}/")[0]

    def outcome(ask: Callable[[], int]) -> str:
        # A dropped connection or a 5xx is not a lost record: ask again. A 404 is.
        for attempt in range(READ_BACK_TRIES):
            try:
                status = ask()
            except (OSError, http.client.HTTPException):
                status = 0
            if 0 < status < 500:
                return READABLE if status == 200 else MISSING
            time.sleep(0.2 * (attempt + 1))
        return UNANSWERED

    try:
        with ThreadPoolExecutor(workers) as pool:
            reports = list(pool.map(lambda r: outcome(lambda: report_status(r)), created.receipts))
            persons = list(
                pool.map(lambda p: outcome(lambda: person_status(p)), created.person_ids)
            )
    finally:
        for each in clients:
            each.close()
    return Readback(
        reports=len(reports),
        reports_readable=reports.count(READABLE),
        persons=len(persons),
        persons_readable=persons.count(READABLE),
        unanswered=(reports + persons).count(UNANSWERED),
    )


def seed_persons(target: Target, operations: Operations) -> None:
    """A few records for the read scenarios to open."""
    client, tally = Client(target, None), Tally()
    try:
        for _ in range(SEED_PERSONS):
            if operations.person_create(client, tally) != 201:
                raise BenchError("Could not create the missing-person reports to read.")
    finally:
        client.close()
    operations.known_ids.extend(tally.person_ids)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    parts = urllib.parse.urlsplit(url)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"The server stopped at start-up (exit code {process.returncode}).")
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.5)
    raise BenchError("The server did not answer /healthz within two minutes.")


def server_environment(data_dir: Path, database_url: str) -> dict[str, str]:
    env = {**os.environ, "WAYPOST_DATA_DIR": str(data_dir)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if database_url:
        env["WAYPOST_DATABASE_URL"] = database_url
    else:
        env.pop("WAYPOST_DATABASE_URL", None)
    return env


def prepare(env: dict[str, str]) -> dict[str, str]:
    """Migrate the database and create the organisation, caseworker and token."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", SETUP],
        env={**env, "DJANGO_SETTINGS_MODULE": "waypost.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or "SETUP " not in done.stdout:
        raise BenchError(f"Setting up the bench failed:\n{done.stderr[-2000:]}")
    setup: dict[str, str] = json.loads(done.stdout.split("SETUP ", 1)[1])
    return setup


@contextmanager
def spawned_server(*, database_url: str, threads: int) -> Iterator[Target]:
    """``waypost serve`` on a throw-away data directory (and the given database, if any)."""
    with tempfile.TemporaryDirectory(prefix="waypost-load-") as data_dir:
        env = server_environment(Path(data_dir), database_url)
        setup = prepare(env)
        port = free_port()
        log = Path(data_dir) / "server.log"
        with log.open("wb") as output:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and code
                [
                    sys.executable,
                    "-m",
                    "waypost.cli",
                    "serve",
                    "--port",
                    str(port),
                    "--threads",
                    str(threads),
                ],
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, process)
            yield Target(url=url, token=setup["token"], recipient=setup["recipient"])
        except BaseException:
            tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
            sys.stderr.write(f"Server output (last lines):\n{tail}\n")
            raise
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def run(
    target: Target,
    *,
    scenarios: list[str],
    client_counts: list[int],
    duration: float,
    report: Callable[[Result], None],
) -> tuple[list[Result], Readback]:
    """Run every scenario at every client count; then read back everything created."""
    source_addresses = loopback_sources()
    lock = threading.Lock()

    def next_source() -> str:
        with lock:
            return next(source_addresses)

    sources = next_source if can_send_from_loopback(target.parts.hostname or "") else None
    operations = Operations(target)
    seed_persons(target, operations)
    created, results = Tally(), []
    for scenario in scenarios:
        for clients in client_counts:
            scenario_results, tally = run_scenario(
                target, operations, scenario, clients, duration, sources
            )
            created.add(tally)
            operations.known_ids.extend(tally.person_ids)
            for result in scenario_results:
                results.append(result)
                report(result)
    return results, read_back(target, created, sources)


HEADER = (
    f"{'scenario':<22}{'clients':>8}{'requests':>10}{'5xx':>7}{'other':>7}"
    f"{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}"
)


def format_result(result: Result) -> str:
    return (
        f"{result.scenario:<22}{result.clients:>8}{result.requests:>10}"
        f"{result.server_errors:>7}{result.other_errors:>7}"
        f"{result.p50_ms:>9.1f}{result.p95_ms:>9.1f}{result.per_second:>9.1f}"
    )
