from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _index_per_test(settings, tmp_path, db):
    """Each test gets empty matching indexes (the database is rolled back between tests)."""
    settings.TRACING_INDEX_DIR = tmp_path / "indexes"


@pytest.fixture
def latin_report_and_arabic_match(caseworker):
    """A family's report in Latin script and the same man found, recorded in Arabic script."""
    from waypost.tracing import services
    from waypost.tracing.models import FoundPerson, MissingPersonReport

    report = services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name="Mohamed Abdelrahman",
        sex="M",
        birth_date="1998",
        nationality="SDN",
    )
    found = services.record_create(
        actor=caseworker,
        model=FoundPerson,
        name="محمد عبد الرحمن",
        sex="M",
        birth_date="1998-03-02",
        nationality="SDN",
    )
    return report, found
