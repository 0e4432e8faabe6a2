"""docs/security/asvs.md: the summary counts are the rows' own."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

ASVS = Path(__file__).resolve().parents[4] / "docs" / "security" / "asvs.md"
ROW = re.compile(r"^\| (\d+\.\d+\.\d+) \| [^|]* \| (met|partly|not|n/a) \|", re.MULTILINE)
SUMMARY = re.compile(r"^\| (met|partly|not|n/a) \| (\d+) \|$", re.MULTILINE)


def test_the_summary_counts_the_rows():
    text = ASVS.read_text(encoding="utf-8")
    rows = ROW.findall(text)
    assert len(rows) == len({row_id for row_id, _status in rows}), "a requirement listed twice"
    counted = Counter(status for _id, status in rows)
    summary = {status: int(n) for status, n in SUMMARY.findall(text)}
    assert summary == dict(counted)
    total = re.search(r"^\| \*\*total\*\* \| \*\*(\d+)\*\* \|$", text, re.MULTILINE)
    assert total is not None and int(total.group(1)) == len(rows)
