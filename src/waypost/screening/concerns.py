"""The default list of protection concerns an organisation starts with, mapped to UNHCR codes.

Workers pick concerns in the organisation's own words; the table (``Concern`` rows, which
an organisation may change) maps each to UNHCR specific needs codes, so that codes are
consistent and nobody has to learn them. The defaults follow the concerns Primero/CPIMS+
ships and its mapping to UNHCR codes, with the adults' concerns UNHCR's groups name.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class DefaultConcern:
    code: str
    label: Promise
    specific_needs: tuple[str, ...]
    high_risk: bool = False


def _c(code: str, label: Promise, needs: tuple[str, ...], high: bool = False) -> DefaultConcern:
    return DefaultConcern(code, label, needs, high)


DEFAULT_CONCERNS: tuple[DefaultConcern, ...] = (
    _c("unaccompanied", pgettext_lazy("concern", "Unaccompanied child"), ("SC-UC",), True),
    _c("separated", pgettext_lazy("concern", "Separated child"), ("SC-SC",), True),
    _c(
        "child_headed_household",
        pgettext_lazy("concern", "Child-headed household"),
        ("SC-CH",),
        True,
    ),
    _c("child_marriage", pgettext_lazy("concern", "Child marriage"), ("CR-CS",), True),
    _c("child_parent", pgettext_lazy("concern", "Child parent"), ("CR-CP",)),
    _c("pregnant_child", pgettext_lazy("concern", "Pregnant child"), ("CR-TP",), True),
    _c("physical_abuse", pgettext_lazy("concern", "Physical abuse"), ("LP-AN",), True),
    _c("emotional_abuse", pgettext_lazy("concern", "Emotional abuse"), ("LP-AN",)),
    _c("neglect", pgettext_lazy("concern", "Neglect"), ("LP-AN",)),
    _c(
        "harmful_practices",
        pgettext_lazy("concern", "Harmful traditional practices"),
        ("SV-HP",),
        True,
    ),
    _c("sexual_violence", pgettext_lazy("concern", "Sexual violence"), ("SV-VA",), True),
    _c("child_labour", pgettext_lazy("concern", "Child labour"), ("CR-LO",)),
    _c("trafficking", pgettext_lazy("concern", "Trafficking or risk of it"), ("LP-VT",), True),
    _c("conflict_with_law", pgettext_lazy("concern", "Child in conflict with the law"), ("CR-CL",)),
    _c(
        "armed_groups",
        pgettext_lazy("concern", "Associated with armed forces or groups"),
        ("CR-AF",),
        True,
    ),
    _c("physical_disability", pgettext_lazy("concern", "Physical disability"), ("DS-PM",)),
    _c("mental_disability", pgettext_lazy("concern", "Mental disability"), ("DS-MM",)),
    _c("serious_medical", pgettext_lazy("concern", "Serious medical condition"), ("SM-CC",), True),
    _c("psychological_distress", pgettext_lazy("concern", "Psychological distress"), ("SM-OT",)),
    _c("woman_at_risk", pgettext_lazy("concern", "Woman at risk"), ("WR-WR",)),
    _c("older_person_alone", pgettext_lazy("concern", "Older person alone"), ("ER-NF",)),
    _c("no_documents", pgettext_lazy("concern", "No identity documents"), ("LP-ND",)),
    _c("torture_survivor", pgettext_lazy("concern", "Survivor of torture"), ("TR-PI",), True),
    _c("family_lost", pgettext_lazy("concern", "Looking for family"), ("FU-TR",)),
    _c("refoulement_risk", pgettext_lazy("concern", "At risk of refoulement"), ("LP-RR",), True),
)
DEFAULTS = {concern.code: concern for concern in DEFAULT_CONCERNS}
