"""The supply-chain step (scripts/supply_chain.py): what fails the build, offline.

The audit itself needs the network (pip-audit asks the advisory databases) and runs in
``make supply-chain``, never here; these tests check its decision on a stored pip-audit
report, the front-end inventory and the hashed production lock on the real files.
"""

from __future__ import annotations

import importlib.util
import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


def supply_chain():
    spec = importlib.util.spec_from_file_location("supply_chain", ROOT / "scripts/supply_chain.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The shape of `pip-audit --format json` (2.10), for a deliberately old Django pin and a
# package with an advisory that no release fixes yet.
REPORT = {
    "dependencies": [
        {
            "name": "django",
            "version": "4.2.0",
            "vulns": [
                {
                    "id": "PYSEC-2023-100",
                    "fix_versions": ["3.2.20", "4.1.10", "4.2.2"],
                    "aliases": ["CVE-2023-36053"],
                    "description": "EmailValidator and URLValidator ReDoS",
                }
            ],
        },
        {
            "name": "somepackage",
            "version": "1.0",
            "vulns": [{"id": "GHSA-xxxx-yyyy-zzzz", "fix_versions": [], "aliases": []}],
        },
        {"name": "pillow", "version": "12.0.0", "vulns": []},
    ],
    "fixes": [],
}


def test_a_vulnerable_pin_with_a_fix_fails_the_build():
    module = supply_chain()

    assert module.fixable(REPORT) == [
        ("django", "4.2.0", "PYSEC-2023-100", ["3.2.20", "4.1.10", "4.2.2"])
    ]


def test_an_advisory_without_a_fix_is_reported_but_does_not_fail():
    module = supply_chain()
    report = {"dependencies": [REPORT["dependencies"][1], REPORT["dependencies"][2]]}

    assert module.fixable(report) == []
    assert module.unfixable(report) == [("somepackage", "1.0", "GHSA-xxxx-yyyy-zzzz")]


def test_a_pin_that_could_not_be_audited_is_named():
    module = supply_chain()
    report = {
        "dependencies": [
            {"name": "anyascii", "skip_reason": "Dependency not found on PyPI"},
            REPORT["dependencies"][2],
        ]
    }

    assert module.skipped(report) == [("anyascii", "Dependency not found on PyPI")]
    assert module.fixable(report) == []


def test_the_front_end_inventory_has_each_vendored_package_with_its_hash():
    module = supply_chain()
    lock = json.loads((ROOT / "frontend/package-lock.json").read_text())

    packages = {package["name"]: package for package in module.frontend_packages(lock)}

    assert packages["maplibre-gl"]["version"] == "6.20.0"
    assert packages["maplibre-gl"]["integrity"].startswith("sha512-")
    assert packages["axe-core"]["version"] == "4.14.1"
    assert all(package["integrity"] for package in packages.values())


def test_make_supply_chain_runs_the_script_and_the_audit_extra_is_locked():
    makefile = (ROOT / "Makefile").read_text()
    assert "supply-chain:\n\tpython scripts/supply_chain.py" in makefile
    lock = (ROOT / "requirements/lock.txt").read_text()
    assert "\npip-audit==2.10." in lock
    assert "\ncyclonedx-bom==7." in lock


def _pins(text: str) -> dict[str, str]:
    return {
        name.lower(): version
        for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, flags=re.MULTILINE)
    }


def test_the_production_lock_pins_the_same_versions_each_with_the_hashes_of_its_files():
    """A server installs with ``pip install --require-hashes -r requirements/production.txt``:
    every package it needs is there, at the version CI tested, with at least one hash."""
    production = (ROOT / "requirements/production.txt").read_text()
    pins = _pins(production)
    tested = _pins((ROOT / "requirements/lock.txt").read_text())

    assert {"django", "cryptography", "psycopg", "redis", "waitress"} <= pins.keys()
    assert {name: version for name, version in pins.items() if tested.get(name) != version} == {}
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", production.split("\n", 6)[-1].strip())
    unhashed = [block.split("==")[0] for block in blocks if "--hash=sha256:" not in block]
    assert unhashed == []
    for requirement in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "dependencies"
    ]:
        name = re.split(r"[<>=\[ ;]", requirement, maxsplit=1)[0].lower()
        assert name in pins, f"{name} is a dependency but not in requirements/production.txt"
