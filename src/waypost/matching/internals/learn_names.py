"""Offline training of the shipped transliteration tables (developer tool, not run time).

Usage: ``python -m waypost.matching.internals.learn_names NAMES_DIR OUT.json.gz``

Reads the real name pairs in NAMES_DIR (``../shared/data/names``) and keeps only Latin
names on the *train* side of the name-disjoint split used by the cross-script bench
(``split_of``), so the development set stays unseen.
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
import time

from waypost.matching.internals.latin import skeleton
from waypost.matching.internals.translit import learn, save

SCRIPTS = ("arabic", "russian", "hebrew", "chinese", "korean")
PER_SCRIPT = 40_000


def split_of(latin: str) -> str:
    """Same stable hash split as ``crossscript_bench.py``."""
    bucket = int(hashlib.sha256(latin.lower().encode()).hexdigest(), 16) % 10
    return "dev" if bucket < 2 else "train"


def read_pairs(names_dir: str) -> list[tuple[str, str, int]]:
    rnd = random.Random(7)  # noqa: S311 - sampling training rows, not security
    pairs: list[tuple[str, str, int]] = []
    for script in SCRIPTS:
        rows: list[tuple[str, str, int]] = []
        with open(os.path.join(names_dir, f"wd_{script}_80.tsv"), encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 3 or not parts[0].isalpha() or split_of(parts[0]) != "train":
                    continue
                rows.append((parts[1].replace(" ", ""), skeleton(parts[0]), int(parts[2])))
        if len(rows) > PER_SCRIPT:
            rows.sort(key=lambda r: -r[2])
            head, tail = rows[: PER_SCRIPT // 2], rows[PER_SCRIPT // 2 :]
            rows = head + rnd.sample(tail, PER_SCRIPT // 2)
        pairs.extend(rows)
    with open(os.path.join(names_dir, "google_ar2en.tsv"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 2 or not parts[1].isalpha() or split_of(parts[1]) != "train":
                continue
            pairs.append((parts[0], skeleton(parts[1]), 2))
    return pairs


def main(argv: list[str]) -> int:
    names_dir, out = argv
    started = time.monotonic()
    pairs = read_pairs(names_dir)
    model = learn(pairs)
    save(model, out)
    took = time.monotonic() - started
    sys.stderr.write(f"{len(pairs)} pairs, {len(model.emit)} chars, {took:.0f}s\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
