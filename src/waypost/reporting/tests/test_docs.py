"""docs/reporting.md promises reporters and partners what the code really does."""

from __future__ import annotations

from pathlib import Path

from waypost.core.attachments import ACCEPTED, MAX_ATTACHMENTS_PER_SUBMISSION

DOC = Path(__file__).resolve().parents[4] / "docs" / "reporting.md"


def test_the_reporting_doc_names_exactly_the_accepted_attachment_types():
    text = DOC.read_text(encoding="utf-8")
    # MPO is a JPEG written by some phones, not a type a reporter chooses.
    accepted = {name for name in ACCEPTED if name != "MPO"}

    assert accepted == {"JPEG", "PNG", "WEBP"}
    assert "JPEG, PNG and WebP" in text
    assert f"{MAX_ATTACHMENTS_PER_SUBMISSION} per sending" in text
    assert "re-encoded" in text or "encoded from its pixels" in text
    # Documents (PDF and the like) are refused: the doc must not promise them.
    assert "photos or documents" not in text
    assert "PDF, office documents, audio and video are\n  refused" in text
