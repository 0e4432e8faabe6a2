"""Every setting Waypost reads from the environment is documented in .env.example."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = SRC.parents[1] / ".env.example"
# Read by the test suite only, or names that are not environment variables.
NOT_SETTINGS = {
    "WAYPOST_CHROMIUM",
    "WAYPOST_SCREENSHOT_DIR",
    "WAYPOST_VERSION",  # a template variable
}


def variables_read_by_the_code() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or path.name == "conftest.py":
            continue
        found.update(re.findall(r"WAYPOST_[A-Z][A-Z_]*[A-Z]", path.read_text(encoding="utf-8")))
    return {name for name in found if not name.startswith("WAYPOST_REQUIRE_")} - NOT_SETTINGS


def test_every_environment_variable_is_in_the_env_example() -> None:
    documented = set(re.findall(r"WAYPOST_[A-Z][A-Z_]*[A-Z]", ENV_EXAMPLE.read_text("utf-8")))
    read = variables_read_by_the_code()
    # WAYPOST_RETENTION_<CATEGORY>_DAYS (read as an f-string prefix): one example stands for all
    assert "WAYPOST_RETENTION" in read
    assert any(n.startswith("WAYPOST_RETENTION_") for n in documented)
    missing = sorted(read - documented - {"WAYPOST_RETENTION"})
    assert not missing, f".env.example lacks {missing}"
