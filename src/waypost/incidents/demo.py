"""Demo: the Missing Migrants Project's 2026 incidents, shipped in data/ (CC BY 4.0 copy)."""

from __future__ import annotations

from importlib.resources import as_file, files

from waypost.demo import DemoContext
from waypost.incidents.models import Incident
from waypost.incidents.services import incidents_import_mmp


def load(context: DemoContext) -> None:
    if Incident.objects.exists():
        return
    context.progress("Importing Missing Migrants Project incidents…")
    with as_file(
        files("waypost.incidents").joinpath("data/MissingMigrants-Global-2026.csv")
    ) as path:
        incidents_import_mmp(path=path)
