"""Files of tracing data (PFIF exports, the matching indexes) are their owner's alone,
whatever umask the process runs with."""

from __future__ import annotations

import os
import stat

import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture
def usual_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def exposed(*paths) -> dict[str, str]:
    return {
        path.name: oct(stat.S_IMODE(path.stat().st_mode))
        for path in paths
        if stat.S_IMODE(path.stat().st_mode) & (stat.S_IRWXG | stat.S_IRWXO)
    }


def test_a_pfif_export_is_written_owner_only(usual_umask, latin_report_and_arabic_match, tmp_path):
    report, _ = latin_report_and_arabic_match
    path = tmp_path / "export.xml"

    slug = report.organisation.slug
    call_command("tracing", "export-pfif", "--org", slug, "--to", slug, "--out", str(path))

    assert "Mohamed" in path.read_text(encoding="utf-8")
    assert exposed(path) == {}


def test_the_matching_indexes_are_owner_only(usual_umask, latin_report_and_arabic_match):
    index_dir = settings.TRACING_INDEX_DIR

    files = [index_dir, *index_dir.iterdir()]

    assert {path.name for path in files} >= {"tracing-reports.sqlite", "tracing-sought.sqlite"}
    assert exposed(*files) == {}
