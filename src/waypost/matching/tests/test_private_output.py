"""Match results name people: the pairs file is its owner's alone, whatever the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from waypost.matching import write_pairs


def test_the_pairs_file_is_owner_only_even_under_a_permissive_umask(tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    previous = os.umask(0o022)
    try:
        write_pairs(out, [("L1", "R1", 0.9, True, "name: same")])
    finally:
        os.umask(previous)

    assert stat.S_IMODE(out.stat().st_mode) == 0o600
