"""The UNHCR specific needs list shipped with the app: proGres's table, its source, the
defaults' mapping."""

from __future__ import annotations

from waypost.screening.concerns import DEFAULT_CONCERNS
from waypost.screening.specific_needs import catalogue, groups, specific_needs


def test_the_list_is_progres_table_of_113_codes_in_12_groups() -> None:
    verified = {code: need for code, need in specific_needs().items() if need.verified}
    assert len(verified) == catalogue()["count"] == 113
    assert list(groups()) == [
        "CR", "DS", "ER", "FU", "LP", "PG", "SC", "SM", "SP", "SV", "TR", "WR"
    ]  # fmt: skip
    # Every code sits in its group, and each group's own code is its general code.
    assert all(need.group == code.split("-")[0] for code, need in verified.items())
    assert all(group in verified for group in groups())
    # UNHCR's words, as proGres shows them (the ones an earlier list had wrong).
    assert verified["WR-PY"].label == "In polygamous marriage or relationship"
    assert verified["WR-SF"].label == "Single woman"
    assert verified["ER-NF"].label == "Unaccompanied older person"
    assert verified["ER-FR"].label == "Older person unable to care for self"
    # The export's dots are hyphens again.
    assert verified["DS-MM"].label == "Mental disability - moderate"
    assert verified["CR-CH"].label == "Child-headed household"
    assert "GPL-3.0" in catalogue()["licence"] and "proGres" in catalogue()["source"]


def test_codes_outside_progres_are_marked_unverified() -> None:
    supplement = {code for code, need in specific_needs().items() if not need.verified}
    assert supplement == {"LP-VT"}
    assert all(code not in {c["code"] for g in catalogue()["groups"] for c in g["codes"]}
               for code in supplement)  # fmt: skip


def test_every_default_concern_maps_to_known_codes() -> None:
    known = specific_needs()
    for concern in DEFAULT_CONCERNS:
        assert concern.specific_needs
        assert all(code in known for code in concern.specific_needs), concern.code
    mapped = {concern.code: concern.specific_needs for concern in DEFAULT_CONCERNS}
    assert mapped["older_person_alone"] == ("ER-NF",)
