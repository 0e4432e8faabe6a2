from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from waypost.matching import COLUMNS


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[[str, list[dict[str, str]]], Path]:
    def write(name: str, rows: list[dict[str, str]]) -> Path:
        path = tmp_path / name
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(COLUMNS))
            writer.writeheader()
            writer.writerows(rows)
        return path

    return write


@pytest.fixture
def families() -> list[dict[str, str]]:
    """Reports by families (Latin script), as in the tracing workflow."""
    return [
        {
            "id": "L1",
            "name": "Mohamed Abdelrahman",
            "birth_date": "1998",
            "sex": "M",
            "nationality": "SDN",
        },
        {
            "id": "L2",
            "name": "Said Hassan",
            "age": "25",
            "age_date": "2024-03-01",
            "sex": "M",
            "nationality": "SYR",
        },
        {"id": "L3", "name": "Sergei Ivanov", "birth_date": "1985-07-03", "sex": "M"},
        {
            "id": "L4",
            "name": "Fatima Zahra Benali",
            "birth_date": "2001-02-11",
            "sex": "F",
            "nationality": "MAR",
        },
        {"id": "L5", "name": "Tomas Novak", "birth_date": "1970-01-01", "sex": "M"},
    ]


@pytest.fixture
def authorities() -> list[dict[str, str]]:
    """Records made elsewhere: other scripts, other spellings, estimated ages."""
    return [
        {
            "id": "R1",
            "name": "عبد الرحمن محمد",
            "birth_date": "1998-04-17",
            "sex": "M",
            "nationality": "SDN",
        },
        {"id": "R2", "name": "سعيد حسن", "birth_date": "1999", "nationality": "SYR"},
        {"id": "R3", "name": "Сергей Иванов", "birth_date": "1985-03-07", "sex": "M"},
        {"id": "R4", "name": "BENALI FATIMA", "birth_date": "2001-02-11", "sex": "F"},
        {"id": "R5", "name": "Muhammad Abd al-Rahman", "birth_date": "1960", "sex": "M"},
        {"id": "R6", "name": "Hassan Said", "birth_date": "1950-05-05", "sex": "M"},
        {"id": "R7", "name": "Olga Petrova", "birth_date": "1985-07-03", "sex": "F"},
    ]
