import pytest


@pytest.fixture(autouse=True)
def _database(db: None) -> None:
    """Every protection test reads and writes the database."""
