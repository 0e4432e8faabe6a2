"""``waypost bench incidents``: MMP import rate, and SDG 10.7.3 query time at scale.

``waypost bench load`` (many HTTP clients against a real server) lives in
``waypost.core.loadbench``; this command only reads its options and prints its table.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from argparse import ArgumentParser
from importlib.resources import files
from pathlib import Path
from typing import Any

from waypost.core import loadbench
from waypost.core.exceptions import ApplicationError
from waypost.core.management.base import WaypostBaseCommand

# The MMP export shipped with Waypost (incidents/data/ATTRIBUTION.md), timed by default.
SHIPPED_MMP = "data/MissingMigrants-Global-2026.csv"
REGIONS = [
    "Mediterranean",
    "North America",
    "Central America",
    "Northern Africa",
    "Western Asia",
    "South-eastern Asia",
    "Horn of Africa",
    "Europe",
    "South America",
    "Sub-Saharan Africa",
]
ROUTES = [
    "Central Mediterranean",
    "Western Mediterranean",
    "Eastern Mediterranean",
    "US-Mexico border crossing",
    "Atlantic route to the Canary Islands",
    "Sahara Desert crossing",
]

# Runs in a fresh process per database so each gets a clean, real installation.
WORKER = r"""
import json, random, sys, time
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connection
from waypost.incidents.models import Incident
from waypost.incidents.selectors import sdg_10_7_3
from waypost.incidents.services import incidents_import_mmp
mmp, size = sys.argv[1], int(sys.argv[2])
REGIONS, ROUTES = json.loads(sys.argv[3]), json.loads(sys.argv[4])
result = {"vendor": connection.vendor}
if mmp:
    started = time.perf_counter()
    report = incidents_import_mmp(path=mmp)
    elapsed = time.perf_counter() - started
    result["import_rows"], result["import_seconds"] = report.rows, elapsed
Incident.objects.all().delete()
rng = random.Random(10)
batch = []
for i in range(size):
    batch.append(Incident(year=2014 + i % 12, region=REGIONS[i % len(REGIONS)], route=ROUTES[i % len(ROUTES)],
                          dead=rng.randint(0, 20), missing=rng.randint(0, 20)))
    if len(batch) == 20000:
        Incident.objects.bulk_create(batch); batch = []
Incident.objects.bulk_create(batch)
if connection.vendor == "postgresql":
    with connection.cursor() as c: c.execute("ANALYZE incidents_incident")
timings = {}
for name, filters in {"all": {}, "year": {"year": 2020}, "year+region": {"year": 2020, "region": "Mediterranean"},
                      "route": {"route": "Central Mediterranean"}}.items():
    runs = []
    for _ in range(5):
        t = time.perf_counter(); sdg_10_7_3(**filters); runs.append(time.perf_counter() - t)
    timings[name] = sorted(runs)[2]
result["stats_median_seconds"] = timings
print("RESULT " + json.dumps(result))
"""


# Imports MMP exports one after the other into a fresh installation, then times the
# review page of possible duplicates (a signed-in reviewer, through every middleware) and
# merging a page of pairs in one post.
EXPORTS_WORKER = r"""
import json, statistics, sys, time
from pathlib import Path
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("flush", interactive=False, verbosity=0)  # a throwaway database, from empty
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from waypost.accounts import services as accounts
from waypost.accounts.models import SealedTOTPDevice
from waypost.accounts.roles import OrganisationKind, Role
from waypost.incidents.models import Incident, IncidentPair
from waypost.incidents.selectors import sdg_10_7_3, sdg_breakdown
from waypost.incidents.services import incidents_import_mmp
result = {"imports": []}
for path in json.loads(sys.argv[1]):
    started = time.perf_counter()
    report = incidents_import_mmp(path=path)
    result["imports"].append({"name": Path(path).name, "seconds": time.perf_counter() - started,
                              **report.as_json()})
result["figures"] = {**sdg_10_7_3(), "incidents": sum(r["incidents"] for r in sdg_breakdown("year"))}
result["pairs"] = IncidentPair.objects.count()
result["withdrawn"] = Incident.objects.filter(withdrawn_by__isnull=False).count()
organisation = accounts.organisation_create(name="Bench", kind=OrganisationKind.NGO, country="ITA",
                                            languages=["en"])
reviewer = accounts.user_create(username="bench-reviewer", organisation=organisation,
                                role=Role.REVIEWER, password="bench-password-not-used-anywhere")
client = Client(HTTP_HOST="localhost")
client.force_login(reviewer)
device = SealedTOTPDevice.objects.create(user=reviewer, name="bench",
                                         key_sealed=SealedTOTPDevice.new_sealed_key(reviewer.pk))
session = client.session
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.save()
def page_seconds(url):
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        response = client.get(url)
        runs.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return statistics.median(runs)
last = max(1, -(-result["pairs"] // 50))
result["page_first"] = page_seconds("/en/incidents/duplicates/")
result["page_last"] = page_seconds(f"/en/incidents/duplicates/?page={last}")
chosen = list(IncidentPair.objects.order_by("-certain", "-score", "pk").values_list("pk", flat=True)[:50])
started = time.perf_counter()
response = client.post("/en/incidents/duplicates/", {"action": "merge", "pair": chosen})
result["merge_page"] = time.perf_counter() - started
result["merged"] = len(chosen) - IncidentPair.objects.filter(pk__in=chosen).count()
assert response.status_code == 302
print("RESULT " + json.dumps(result))
"""


class Command(WaypostBaseCommand):
    help = "Benchmarks that print figures: 'bench incidents', 'bench mmp-exports', 'bench load'."

    def add_arguments(self, parser: ArgumentParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True)
        incidents = kinds.add_parser("incidents", help="MMP import rate; SDG query at scale.")
        incidents.add_argument(
            "--mmp",
            type=Path,
            help="An MMP export to time the import of (e.g. the 2025 xlsx); by default the "
            "MMP export shipped with Waypost (incidents/data/).",
        )
        incidents.add_argument(
            "--no-mmp", action="store_true", help="Time the SDG query only, no import."
        )
        incidents.add_argument(
            "--size", type=int, default=1_000_000, help="Synthetic incidents (default 1,000,000)."
        )
        incidents.add_argument(
            "--postgres", default="", help="A PostgreSQL URL to run the same on, side by side."
        )
        exports = kinds.add_parser(
            "mmp-exports",
            help="Import MMP exports one after the other; time each import, the review page "
            "of possible duplicates and merging a page of them.",
        )
        exports.add_argument("files", type=Path, nargs="+", help="MMP exports, in import order.")
        exports.add_argument(
            "--postgres", default="", help="A PostgreSQL URL to run the same on, side by side."
        )
        load = kinds.add_parser(
            "load",
            help="Concurrent HTTP clients writing and reading against a real server.",
        )
        load.add_argument(
            "--url",
            default="",
            help="A running server to load (with --token and --recipient); by default the "
            "bench starts 'waypost serve' on a throw-away data directory.",
        )
        load.add_argument("--token", default="", help="With --url: a caseworker's API token.")
        load.add_argument(
            "--recipient", default="", help="With --url: slug of an organisation receiving reports."
        )
        load.add_argument(
            "--country", default="TUN", help="With --url: a country the recipient covers."
        )
        load.add_argument(
            "--database-url",
            default="",
            help="Start the server on this database (a throw-away PostgreSQL one: the bench "
            "adds records) instead of SQLite in the throw-away data directory.",
        )
        load.add_argument(
            "--clients", default="2,10,50", help="Client counts, comma-separated (default 2,10,50)."
        )
        load.add_argument(
            "--duration", type=float, default=10.0, help="Seconds per scenario (default 10)."
        )
        load.add_argument(
            "--scenarios",
            default=",".join(loadbench.DEFAULT_SCENARIOS),
            help=f"Comma-separated, among {', '.join(loadbench.SCENARIOS)} (default: all "
            "but mixed, where a quarter of the clients does each of the others at once).",
        )
        load.add_argument(
            "--threads", type=int, default=8, help="Threads of the server the bench starts."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kind"] == "mmp-exports":
            self._exports(options)
            return
        if options["kind"] == "load":
            self._load(options)
            return
        self._incidents(options)

    def _run(self, label: str, url: str | None, worker: str, arguments: list[str]) -> Any:
        """Run ``worker`` in a fresh process on a throwaway data directory; its RESULT."""
        import json

        with tempfile.TemporaryDirectory() as data_dir:
            env = {
                **os.environ,
                "WAYPOST_DATA_DIR": data_dir,
                "DJANGO_SETTINGS_MODULE": "waypost.settings",
            }
            if url:
                env["WAYPOST_DATABASE_URL"] = url
            else:
                env.pop("WAYPOST_DATABASE_URL", None)
            done = subprocess.run(  # noqa: S603 - our own interpreter and code
                [sys.executable, "-c", worker, *arguments],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
        if done.returncode != 0:
            raise ApplicationError(f"The {label} run failed:\n{done.stderr[-2000:]}")
        return json.loads(done.stdout.split("RESULT ", 1)[1])

    def _targets(self, postgres: str) -> list[tuple[str, str | None]]:
        targets: list[tuple[str, str | None]] = [("SQLite", None)]
        skipped = self._postgres_skipped(postgres)
        if skipped:
            self.stdout.write(f"PostgreSQL: skipped – {skipped}")
        else:
            targets.append(("PostgreSQL", postgres))
        return targets

    def _exports(self, options: dict[str, Any]) -> None:
        import json

        files = [Path(path) for path in options["files"]]
        for path in files:
            if not path.is_file():
                raise ApplicationError(f"No MMP export at {path}.")
        rows = []
        for label, url in self._targets(options["postgres"]):
            self.stdout.write(f"{label}: importing {len(files)} exports…")
            self.stdout.flush()
            rows.append(
                (
                    label,
                    self._run(label, url, EXPORTS_WORKER, [json.dumps([str(p) for p in files])]),
                )
            )
        self.stdout.write("")
        self.stdout.write(f"{'':44}" + "".join(f"{label:>14}" for label, _ in rows))
        for index, path in enumerate(files):
            self.stdout.write(
                f"{'import ' + path.name[:36]:44}"
                + "".join(f"{r['imports'][index]['seconds']:>13.2f}s" for _, r in rows)
            )
        self.stdout.write(
            f"{'all imports':44}"
            + "".join(f"{sum(i['seconds'] for i in r['imports']):>13.2f}s" for _, r in rows)
        )
        for name, key in (
            ("review page, first (median of 5)", "page_first"),
            ("review page, last (median of 5)", "page_last"),
            ("merge 50 ticked pairs in one post", "merge_page"),
        ):
            self.stdout.write(f"{name:44}" + "".join(f"{r[key] * 1000:>12.0f}ms" for _, r in rows))
        first = rows[0][1]
        for report in first["imports"]:
            self.stdout.write(
                f"  {report['name']}: {json.dumps({k: v for k, v in report.items() if k not in ('name', 'seconds')})}"
            )
        self.stdout.write(
            f"counted: {first['figures']['incidents']:,} incidents, {first['figures']['dead']:,} "
            f"dead, {first['figures']['missing']:,} missing; {first['withdrawn']:,} withdrawn; "
            f"{first['pairs']:,} pairs to review ({first['merged']} merged by the timed post)"
        )

    def _load(self, options: dict[str, Any]) -> None:
        scenarios = [name.strip() for name in options["scenarios"].split(",") if name.strip()]
        unknown = set(scenarios) - set(loadbench.SCENARIOS)
        if unknown:
            raise ApplicationError(f"Unknown scenarios: {', '.join(sorted(unknown))}.")
        try:
            clients = [int(count) for count in options["clients"].split(",") if count.strip()]
        except ValueError as exc:
            raise ApplicationError("--clients takes whole numbers, e.g. 2,10,50.") from exc
        if options["url"] and not (options["token"] and options["recipient"]):
            raise ApplicationError("--url needs --token and --recipient.")

        def report(result: loadbench.Result) -> None:
            self.stdout.write(loadbench.format_result(result))
            self.stdout.flush()

        def bench(target: loadbench.Target) -> tuple[list[loadbench.Result], loadbench.Readback]:
            self.stdout.write(loadbench.HEADER)
            return loadbench.run(
                target,
                scenarios=scenarios,
                client_counts=clients,
                duration=options["duration"],
                report=report,
            )

        try:
            if options["url"]:
                where = options["url"]
                self.stdout.write(f"Server: {where}")
                results, readback = bench(
                    loadbench.Target(
                        url=options["url"].rstrip("/"),
                        token=options["token"],
                        recipient=options["recipient"],
                        country=options["country"],
                    )
                )
            else:
                database = "PostgreSQL" if options["database_url"] else "SQLite"
                self.stdout.write(
                    f"Server: waypost serve --threads {options['threads']} on {database}, "
                    "throw-away data directory"
                )
                self.stdout.flush()
                with loadbench.spawned_server(
                    database_url=options["database_url"], threads=options["threads"]
                ) as target:
                    results, readback = bench(target)
        except loadbench.BenchError as error:
            raise ApplicationError(str(error)) from error
        self.stdout.write(readback.describe())
        failed = sum(result.server_errors for result in results)
        if failed or not readback.complete:
            # A non-zero exit, so a script or CI running the bench notices.
            raise ApplicationError("Server errors, or created records not read back: see above.")

    def _incidents(self, options: dict[str, Any]) -> None:
        import json

        options["mmp"] = self._mmp_file(options)
        if options["mmp"]:
            self.stdout.write(f"MMP import: {options['mmp']}")
        else:
            self.stdout.write("MMP import: skipped (--no-mmp).")
        targets = self._targets(options["postgres"])
        rows = []
        for label, url in targets:
            self.stdout.write(f"{label}: loading {options['size']:,} synthetic incidents…")
            self.stdout.flush()
            arguments = [
                str(options["mmp"] or ""),
                str(options["size"]),
                json.dumps(REGIONS),
                json.dumps(ROUTES),
            ]
            rows.append((label, self._run(label, url, WORKER, arguments)))
        self.stdout.write("")
        if len(targets) == 1:
            self.stdout.write(
                f"(PostgreSQL skipped: {self._postgres_skipped(options['postgres'])})"
            )
        self.stdout.write(f"{'':28}" + "".join(f"{label:>14}" for label, _ in rows))
        if options["mmp"]:
            self.stdout.write(
                f"{'MMP import (rows/s)':28}"
                + "".join(f"{r['import_rows'] / r['import_seconds']:>14,.0f}" for _, r in rows)
            )
            self.stdout.write(
                f"{'MMP import (s)':28}" + "".join(f"{r['import_seconds']:>14.2f}" for _, r in rows)
            )
        for name in rows[0][1]["stats_median_seconds"]:
            self.stdout.write(
                f"{'SDG 10.7.3 ' + name + ' (ms)':28}"
                + "".join(f"{1000 * r['stats_median_seconds'][name]:>14.1f}" for _, r in rows)
            )
        self.stdout.write(
            f"(median of 5 runs over {options['size']:,} incidents; aims: import < 10 s, stats < 200 ms)"
        )

    def _mmp_file(self, options: dict[str, Any]) -> Path | None:
        """The file to time the import of: --mmp, else the export shipped in the package."""
        if options["no_mmp"]:
            return None
        if options["mmp"]:
            path = Path(options["mmp"])
            if not path.is_file():
                raise ApplicationError(f"No MMP export at {path}.")
            return path
        shipped = Path(str(files("waypost.incidents").joinpath(SHIPPED_MMP)))
        if not shipped.is_file():
            # An installation without the package data: say so rather than time nothing.
            raise ApplicationError(
                f"The shipped MMP export ({SHIPPED_MMP}) is missing: give one with --mmp "
                "or run with --no-mmp."
            )
        return shipped

    def _postgres_skipped(self, url: str) -> str:
        """Why the PostgreSQL run cannot take place ("" when it can)."""
        if not url:
            # Never the configured database: the run deletes every incident where it runs.
            return (
                "no --postgres URL given (the run empties the incidents of the database it "
                "uses, so it needs a throwaway database and never takes the configured one)."
            )
        try:
            import psycopg
        except ImportError:
            return "the psycopg driver is not installed (pip install 'psycopg[binary]')."
        try:
            psycopg.connect(url, connect_timeout=5).close()
        except psycopg.Error as error:
            # The URL may hold a password: name the error, not the URL.
            reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
            return f"cannot connect to the --postgres database: {reason}"
        return ""
