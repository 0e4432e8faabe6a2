from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _index_per_test(settings, tmp_path, db):
    """Each test gets empty matching indexes (the database is rolled back between tests)."""
    settings.TRACING_INDEX_DIR = tmp_path / "indexes"
