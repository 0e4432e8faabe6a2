"""A candidate's evidence in the reader's language.

The matching engine gives its evidence as data (``Evidence.as_dict``: comparison code,
level label, weight, facts) and its own English sentence; the caseworker reading a
candidate in French or Arabic gets the same evidence rendered here through gettext. The
level labels are the engine's fixed phrases (``matching/internals/comparisons.py``), each
listed below so that the catalogs carry it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import get_language_bidi, gettext, gettext_lazy, pgettext_lazy

from waypost.core.vocabularies import label as vocabulary_label

COMPARISONS = {
    "name": gettext_lazy("names"),
    "birth": gettext_lazy("birth dates"),
    "sex": gettext_lazy("sex"),
    "nationality": gettext_lazy("nationality"),
    "place": gettext_lazy("place or address"),
    "document": gettext_lazy("document number"),
    "phone": gettext_lazy("phone number"),
    # The forensic comparison (matching/forensic.py, tracing/forensic_comparison.py).
    "dental": gettext_lazy("dental chart"),
    "dna": gettext_lazy("DNA (laboratory)"),
    "pm_sex": gettext_lazy("sex (examination)"),
    "pm_age": gettext_lazy("age (examination)"),
    "stature": gettext_lazy("height and stature"),
}

# The comparisons of the forensic comparison, shown apart on the candidate page.
FORENSIC_COMPARISONS = frozenset({"dental", "dna", "pm_sex", "pm_age", "stature"})

LEVELS = {
    "same spelling": gettext_lazy("same spelling"),
    "every part corresponds": gettext_lazy("every part corresponds"),
    "two or more parts correspond, others missing or extra": gettext_lazy(
        "two or more parts correspond, others missing or extra"
    ),
    "one part corresponds, another is close": gettext_lazy(
        "one part corresponds, another is close"
    ),
    "one part corresponds, another is similar": gettext_lazy(
        "one part corresponds, another is similar"
    ),
    "the single name given corresponds": gettext_lazy("the single name given corresponds"),
    "one part corresponds, others differ": gettext_lazy("one part corresponds, others differ"),
    "names similar but no part the same": gettext_lazy("names similar but no part the same"),
    "names differ": gettext_lazy("names differ"),
    "same birth date": gettext_lazy("same birth date"),
    "day and month swapped": gettext_lazy("day and month swapped"),
    "birth dates one digit apart": gettext_lazy("birth dates one digit apart"),
    "same year and month, one date partial": gettext_lazy("same year and month, one date partial"),
    "same birth year, one date partial": gettext_lazy("same birth year, one date partial"),
    "same birth year, different dates": gettext_lazy("same birth year, different dates"),
    "birth year consistent with estimated age": gettext_lazy(
        "birth year consistent with estimated age"
    ),
    "birth years within three years of each other": gettext_lazy(
        "birth years within three years of each other"
    ),
    "birth dates inconsistent": gettext_lazy("birth dates inconsistent"),
    "same sex": gettext_lazy("same sex"),
    "sex differs": gettext_lazy("sex differs"),
    "same nationality": gettext_lazy("same nationality"),
    "nationality differs": gettext_lazy("nationality differs"),
    "same place": gettext_lazy("same place"),
    "place nearly the same": gettext_lazy("place nearly the same"),
    "most words of the place agree": gettext_lazy("most words of the place agree"),
    "place similar": gettext_lazy("place similar"),
    "some words of the place agree": gettext_lazy("some words of the place agree"),
    "place differs": gettext_lazy("place differs"),
    "same document number": gettext_lazy("same document number"),
    "document numbers one character apart": gettext_lazy("document numbers one character apart"),
    "document number differs": gettext_lazy("document number differs"),
    "same phone number": gettext_lazy("same phone number"),
    "phone number differs": gettext_lazy("phone number differs"),
    "dental charts concordant": gettext_lazy("dental charts concordant"),
    "dental differences explainable": gettext_lazy("dental differences explainable"),
    "dental charts irreconcilable": gettext_lazy("dental charts irreconcilable"),
    "too few teeth charted on both sides": gettext_lazy("too few teeth charted on both sides"),
    "sex consistent with the examination": gettext_lazy("sex consistent with the examination"),
    "sex inconsistent with the examination": gettext_lazy("sex inconsistent with the examination"),
    "age within the estimated range": gettext_lazy("age within the estimated range"),
    "age outside the estimated range": gettext_lazy("age outside the estimated range"),
    "height within the estimated stature": gettext_lazy("height within the estimated stature"),
    "height outside the estimated stature": gettext_lazy("height outside the estimated stature"),
    "DNA match reported by the laboratory": gettext_lazy("DNA match reported by the laboratory"),
    "DNA exclusion reported by the laboratory": gettext_lazy(
        "DNA exclusion reported by the laboratory"
    ),
    "DNA result inconclusive": gettext_lazy("DNA result inconclusive"),
}

SCRIPTS = {
    "Latin": pgettext_lazy("script", "Latin"),
    "Arabic": pgettext_lazy("script", "Arabic"),
    "Cyrillic": pgettext_lazy("script", "Cyrillic"),
    "Hebrew": pgettext_lazy("script", "Hebrew"),
    "Chinese": pgettext_lazy("script", "Chinese"),
    "Korean": pgettext_lazy("script", "Korean"),
    "Greek": pgettext_lazy("script", "Greek"),
    "Armenian": pgettext_lazy("script", "Armenian"),
    "Georgian": pgettext_lazy("script", "Georgian"),
    "Devanagari": pgettext_lazy("script", "Devanagari"),
    "Ethiopic": pgettext_lazy("script", "Ethiopic"),
    "Thai": pgettext_lazy("script", "Thai"),
    "Japanese": pgettext_lazy("script", "Japanese"),
}


def _script(name: str) -> str:
    return str(SCRIPTS.get(name, name))


def _fact(fact: Sequence[str]) -> str:
    kind, *values = fact
    usual = values[0] == "usual" if values else False
    if kind == "same":
        return gettext("%(a)s = %(b)s") % {"a": values[0], "b": values[1]}
    if kind == "initial":
        return gettext("%(a)s / %(b)s: initial consistent") % {"a": values[0], "b": values[1]}
    if kind == "reading":
        _quality, latin, native, script = values
        words = {"latin": latin, "native": native, "script": _script(script)}
        if usual:
            return gettext("%(latin)s written %(native)s in %(script)s: usual spelling") % words
        return gettext("%(latin)s written %(native)s in %(script)s: possible spelling") % words
    if kind == "equivalents":
        _quality, a, script_a, b, script_b = values
        words = {"a": a, "b": b, "script_a": _script(script_a), "script_b": _script(script_b)}
        if usual:
            return gettext("%(a)s (%(script_a)s) and %(b)s (%(script_b)s): usual equivalents") % (
                words
            )
        return gettext("%(a)s (%(script_a)s) and %(b)s (%(script_b)s): possible equivalents") % (
            words
        )
    if kind == "variants":
        _quality, a, b = values
        if usual:
            return gettext("%(a)s / %(b)s: usual spelling variants") % {"a": a, "b": b}
        return gettext("%(a)s / %(b)s: possible spelling variants") % {"a": a, "b": b}
    if kind == "unmatched":
        return gettext("%(name)s has no counterpart") % {"name": values[0]}
    if kind == "born":
        return gettext("born %(date)s") % {"date": values[0]}
    if kind == "age":
        years, year, low, high = values
        return gettext("estimated age %(age)s in %(year)s (%(low)s-%(high)s)") % {
            "age": years,
            "year": year,
            "low": low,
            "high": high,
        }
    if kind == "values":
        return gettext("%(a)s vs %(b)s") % {"a": values[0], "b": values[1]}
    if kind == "sexes":
        return gettext("%(a)s vs %(b)s") % {
            "a": vocabulary_label("tracing.sex", values[0]) or values[0],
            "b": vocabulary_label("tracing.sex", values[1]) or values[1],
        }
    if kind == "teeth":
        concordant, explainable, irreconcilable = values
        return gettext(
            "%(concordant)s teeth concordant, %(explainable)s explainable, "
            "%(irreconcilable)s irreconcilable"
        ) % {
            "concordant": concordant,
            "explainable": explainable,
            "irreconcilable": irreconcilable,
        }
    if kind == "laboratory":
        return gettext("reported by %(laboratory)s") % {"laboratory": values[0]}
    return " ".join(values)


def _detail(item: dict[str, Any]) -> str:
    facts = [_fact(fact) for fact in item.get("facts", [])]
    if item.get("key") == "birth":
        return gettext("%(a)s vs %(b)s") % {"a": facts[0], "b": facts[1]} if len(facts) == 2 else ""
    return gettext("; ").join(facts)


def signed_weight(weight: float) -> str:
    """A weight as the explanations show it: its sign, then one decimal (+13.4, -4.2)."""
    return f"{'+' if weight >= 0 else '-'}{abs(weight):.1f}"


def evidence_rows(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per comparison, in the active language: what was compared, what was found
    (the detail and the level), and the weight (a number, and signed as text)."""
    rows = []
    for item in evidence:
        level = str(LEVELS.get(item["level"], item["level"]))
        detail = _detail(item)
        weight = round(float(item["weight"]), 1)
        rows.append(
            {
                "comparison": str(COMPARISONS.get(item["key"], item["key"])),
                "found": gettext("%(detail)s: %(level)s") % {"detail": detail, "level": level}
                if detail
                else level,
                "weight": weight,
                "signed": signed_weight(weight),
                "forensic": item["key"] in FORENSIC_COMPARISONS,
            }
        )
    return rows


def evidence_text(evidence: list[dict[str, Any]]) -> str:
    """The evidence as one sentence in the active language, strongest comparisons as given."""
    parts = []
    for item in evidence:
        comparison = str(COMPARISONS.get(item["key"], item["key"]))
        level = str(LEVELS.get(item["level"], item["level"]))
        detail = _detail(item)
        signed = signed_weight(float(item["weight"]))
        if get_language_bidi():
            # Isolated left to right, so that "+12.5" does not read "12.5+" in Arabic.
            signed = f"\u2066{signed}\u2069"
        words = {
            "comparison": comparison,
            "detail": detail,
            "level": level,
            "weight": signed,
        }
        if detail:
            parts.append(gettext("%(comparison)s: %(detail)s: %(level)s (%(weight)s)") % words)
        else:
            parts.append(gettext("%(comparison)s: %(level)s (%(weight)s)") % words)
    return gettext("; ").join(parts)
