#!/usr/bin/env python3
"""Dependency audit and software bill of materials, for every build (issue 42).

    python scripts/supply_chain.py [--out build/supply-chain] [--lock requirements/lock.txt]

1. Writes a CycloneDX SBOM of the Python packages pinned in the lock file
   (``cyclonedx-py requirements``: offline) to ``OUT/sbom-python.cdx.json``, and copies the
   front-end packages' versions and integrity hashes from ``frontend/package-lock.json``
   into ``OUT/frontend-packages.json`` (the vendored files are built from exactly those).
2. Audits the same pins against the Python Packaging Advisory Database and OSV
   (``pip-audit``: needs the network), writing ``OUT/pip-audit.json`` and a table.

It fails (exit 1) when a pinned package has a known vulnerability that a newer release
fixes: upgrade the pin (``make lock``). It fails too (exit 2) when pip-audit could not
audit a pin (the advisory service unreachable, a package it cannot find), since silence
about a package nobody checked is not "no known vulnerability". A vulnerability without a fix is printed and
does not fail the build, since nothing can be done but follow the advisory; it is named
in the table so that a person decides. Needs the ``audit`` extra
(``pip install -c requirements/lock.txt -e ".[audit]"``). The test suite never runs it
(it needs the network); its decision is tested on a stored report
(``core/tests/test_supply_chain.py``).
"""

# A command-line step: it prints its findings for the CI log.
# ruff: noqa: T201

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def fixable(report: dict[str, Any]) -> list[tuple[str, str, str, list[str]]]:
    """(package, version, advisory id, fixed versions) of each vulnerability with a fix."""
    found = []
    for dependency in report.get("dependencies", []):
        for vulnerability in dependency.get("vulns", []):
            fixes = list(vulnerability.get("fix_versions") or [])
            if fixes:
                found.append(
                    (dependency["name"], dependency.get("version", "?"), vulnerability["id"], fixes)
                )
    return found


def unfixable(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (dependency["name"], dependency.get("version", "?"), vulnerability["id"])
        for dependency in report.get("dependencies", [])
        for vulnerability in dependency.get("vulns", [])
        if not vulnerability.get("fix_versions")
    ]


def skipped(report: dict[str, Any]) -> list[tuple[str, str]]:
    """(package, reason) of each pin pip-audit could not audit: an answer of "no known
    vulnerability" for those would be false, so the step fails for them too."""
    return [
        (dependency["name"], dependency["skip_reason"])
        for dependency in report.get("dependencies", [])
        if dependency.get("skip_reason")
    ]


def frontend_packages(package_lock: dict[str, Any]) -> list[dict[str, str]]:
    """Name, version, integrity hash and resolved address of each npm package in the lock."""
    packages = []
    for path, entry in sorted(package_lock.get("packages", {}).items()):
        if not path:  # the root project itself
            continue
        packages.append(
            {
                "name": path.rsplit("node_modules/", 1)[-1],
                "version": entry.get("version", ""),
                "integrity": entry.get("integrity", ""),
                "resolved": entry.get("resolved", ""),
                "dev": bool(entry.get("dev", False)),
            }
        )
    return packages


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        sys.exit(f'{name} is missing: pip install -c requirements/lock.txt -e ".[audit]"')
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "supply-chain")
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements" / "lock.txt")
    parser.add_argument(
        "--sbom-only", action="store_true", help="Write the SBOM only (no network needed)."
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    sbom = args.out / "sbom-python.cdx.json"
    subprocess.run(  # noqa: S603 - our own arguments
        [
            _tool("cyclonedx-py"),
            "requirements",
            str(args.lock),
            "--pyproject",
            str(ROOT / "pyproject.toml"),
            "--output-format",
            "JSON",
            "--output-file",
            str(sbom),
        ],
        check=True,
    )
    components = json.loads(sbom.read_text())["components"]
    print(f"SBOM: {len(components)} Python packages in {sbom}")
    package_lock = json.loads((ROOT / "frontend" / "package-lock.json").read_text())
    front = frontend_packages(package_lock)
    (args.out / "frontend-packages.json").write_text(json.dumps(front, indent=1) + "\n")
    print(f"Front-end: {len(front)} npm packages with their integrity hashes")
    if args.sbom_only:
        return 0

    audit_file = args.out / "pip-audit.json"
    audit = subprocess.run(  # noqa: S603 - our own arguments
        [
            _tool("pip-audit"),
            "--requirement",
            str(args.lock),
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--output",
            str(audit_file),
        ],
        check=False,
    )
    if not audit_file.exists():
        print("pip-audit wrote no report (is the network reachable?)", file=sys.stderr)
        return audit.returncode or 2
    report = json.loads(audit_file.read_text())
    not_audited = skipped(report)
    audited = len(report.get("dependencies", [])) - len(not_audited)
    to_fix, no_fix = fixable(report), unfixable(report)
    print(
        f"Audit: {audited} packages audited, {len(not_audited)} not; "
        f"{len(to_fix)} fixable and {len(no_fix)} unfixed advisories"
    )
    for name, version, advisory, fixes in to_fix:
        print(f"FIX   {name} {version}: {advisory}, fixed in {', '.join(fixes)}")
    for name, version, advisory in no_fix:
        print(f"NOFIX {name} {version}: {advisory} (no release fixes it yet)")
    for name, reason in not_audited:
        print(f"SKIP  {name}: {reason}")
    if to_fix:
        return 1
    return 2 if not_audited else 0


if __name__ == "__main__":
    sys.exit(main())
