"""``tracing.forensic``: the codes, the chart and the checks the API, pages and comparison share."""

from __future__ import annotations

from datetime import date

import pytest

from waypost.tracing import forensic, vocabularies

TODAY = date(2026, 12, 7)


def test_every_code_has_its_label_and_no_label_lacks_a_code():
    for codes, labels in (
        (forensic.TOOTH_STATES, vocabularies.TOOTH_STATES),
        (forensic.MANNERS_OF_DEATH, vocabularies.MANNERS_OF_DEATH),
        (forensic.BODY_REGIONS, vocabularies.BODY_REGIONS),
        (forensic.DONOR_RELATIONSHIPS, vocabularies.DONOR_RELATIONSHIPS),
        (forensic.SAMPLE_TYPES, vocabularies.SAMPLE_TYPES),
        (forensic.DNA_CONSENTS, vocabularies.DNA_CONSENTS),
    ):
        assert list(codes) == list(labels)


def test_the_fdi_numbers_are_the_32_permanent_and_20_primary_teeth():
    assert len(forensic.PERMANENT_TEETH) == 32 and len(forensic.PRIMARY_TEETH) == 20
    assert {"11", "18", "48", "51", "85"} <= set(forensic.TEETH)
    assert not {"10", "19", "49", "56", "86", "91"} & set(forensic.TEETH)
    chart = [tooth for row in forensic.CHART_ROWS for half in row for tooth in half]
    assert sorted(chart) == sorted(forensic.PERMANENT_TEETH)
    assert forensic.CHART_ROWS[0][0][0] == "18" and forensic.CHART_ROWS[1][1][-1] == "38"


def test_a_chart_is_kept_in_chart_order_and_unrecorded_teeth_are_left_out():
    cleaned = forensic.antemortem_clean(
        {"dental": {"48": "filled", 11: "crown", "21": "", "85": "missing"}}, today=TODAY
    )

    assert list(cleaned["dental"].items()) == [("11", "crown"), ("48", "filled"), ("85", "missing")]


@pytest.mark.parametrize(
    ("value", "errors"),
    [
        ({"height_cm": [True, 180]}, {"height_cm"}),
        ({"burial": {"lat": float("nan"), "lon": 1}}, {"burial"}),
        ({"returned_to_family_on": "2027-01-01"}, {"returned_to_family_on"}),
        ({"repatriation": {"country": "Sudan"}}, {"repatriation"}),
        ([], {"non_field_errors"}),
    ],
)
def test_what_is_refused_is_named_by_its_path(value, errors):
    with pytest.raises(forensic.Invalid) as refused:
        forensic.postmortem_clean(value, today=TODAY) if not isinstance(
            value, dict
        ) or "height_cm" not in value else forensic.antemortem_clean(value, today=TODAY)

    assert set(refused.value.errors) == errors


def test_a_patch_merges_field_by_field_and_null_removes():
    stored = {"hair": "black", "dental": {"11": "crown", "21": "sound"}}
    patch = forensic.antemortem_clean(
        {"hair": None, "dental": {"11": "filled"}}, today=TODAY, partial=True
    )

    assert forensic.merge(stored, patch) == {"dental": {"11": "filled"}}
