"""``waypost bench incidents`` runs the MMP import by default and says why PostgreSQL is skipped."""

from __future__ import annotations

import pytest
from django.core.management import call_command


def test_the_bench_times_the_shipped_mmp_import_by_default_and_explains_a_skip(capsys):
    call_command("bench", "incidents", "--size", "200")
    out = capsys.readouterr().out

    assert "MissingMigrants-Global-2026.csv" in out
    rate = next(line for line in out.splitlines() if line.startswith("MMP import (rows/s)"))
    assert float(rate.split()[-1].replace(",", "")) > 0
    assert "PostgreSQL: skipped – no --postgres URL given" in out
    # The table has one column, SQLite's.
    assert any(line.strip() == "SQLite" for line in out.splitlines())


@pytest.mark.parametrize("url", ["postgresql://bench:secret@127.0.0.1:1/none"])
def test_an_unreachable_postgres_is_skipped_with_the_reason_and_no_password(url, capsys):
    call_command("bench", "incidents", "--size", "50", "--no-mmp", "--postgres", url)
    out = capsys.readouterr().out

    assert "PostgreSQL: skipped – cannot connect to the --postgres database" in out
    assert "secret" not in out
    assert "MMP import: skipped (--no-mmp)." in out and "MMP import (rows/s)" not in out


def test_the_exports_bench_imports_in_order_and_times_the_review_page(capsys):
    from pathlib import Path

    data = Path(__file__).parent / "data"
    call_command(
        "bench",
        "mmp-exports",
        str(data / "MissingMigrants-Global-2021-09-05-excerpt.csv"),
        str(data / "Missing_Migrants_Global_Figures_allData_2025-04-excerpt.csv"),
    )
    out = capsys.readouterr().out

    assert "counted: 84 incidents, 323 dead, 157 missing; 2 withdrawn; 2 pairs" in out
    for name in ("all imports", "review page, first", "merge 50 ticked pairs in one post"):
        line = next(line for line in out.splitlines() if line.startswith(name))
        assert float(line.split()[-1].rstrip("ms")) >= 0
