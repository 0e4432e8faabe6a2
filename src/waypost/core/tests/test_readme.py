"""The README tells the truth: every command is in its list, and the demo holds what it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from waypost.cli import SUBCOMMANDS

README = Path(__file__).resolve().parents[4] / "README.md"


def _command_list() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## The `waypost` command", 1)[1].split("\n## ", 1)[0]
    return section


def test_the_readme_lists_every_waypost_command():
    listed = set(re.findall(r"^\s+waypost ([a-z-]+)", _command_list(), re.M))

    assert {command.name for command in SUBCOMMANDS} <= listed


def test_the_readme_lists_every_action_of_stats_and_bench():
    listed = _command_list()

    for usage in (
        "waypost stats sdg-10-7-3",
        "waypost bench incidents",
        "waypost bench mmp-exports",
    ):
        assert usage in listed, usage


@pytest.mark.django_db
def test_the_readme_says_which_incidents_the_demo_holds():
    from waypost.demo import load_demo
    from waypost.incidents.models import Incident

    match = re.search(
        r"The demo holds the (\d[\d,]*) incidents of (\d{4}) in IOM's Missing Migrants Project",
        README.read_text(encoding="utf-8"),
    )
    assert match, "the README says which incidents the demo holds"

    load_demo(progress=lambda message: None)

    count, year = int(match.group(1).replace(",", "")), int(match.group(2))
    assert Incident.objects.count() == count
    assert set(Incident.objects.values_list("year", flat=True)) == {year}
