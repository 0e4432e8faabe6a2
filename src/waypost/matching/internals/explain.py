"""Evidence for and against a pair, in words a caseworker understands."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from waypost.matching.internals.comparisons import COMPARISONS
from waypost.matching.internals.names import NameFeatures, NameToken
from waypost.matching.internals.records import Record

if TYPE_CHECKING:
    from waypost.matching.internals.model import Model


@dataclass(frozen=True)
class Evidence:
    """One comparison's outcome: its level, weight (log2 Bayes factor) and details."""

    comparison: str
    level: str
    weight: float
    detail: str

    def text(self) -> str:
        sign = "+" if self.weight >= 0 else "-"
        detail = f"{self.detail}: " if self.detail else ""
        return f"{self.comparison}: {detail}{self.level} ({sign}{abs(self.weight):.1f})"


def _token_pairs(a: NameFeatures, b: NameFeatures) -> list[str]:
    parts: list[str] = []
    used: set[int] = set()
    for tok in a.tokens:
        best: tuple[int, NameToken] | None = None
        for j, other in enumerate(b.tokens):
            if j in used:
                continue
            rank = _correspondence(tok, other)
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, other)
                best_j = j
        if best is None:
            parts.append(f"{tok.text} has no counterpart")
            continue
        used.add(best_j)
        parts.append(_describe(tok, best[1], best[0]))
    for j, other in enumerate(b.tokens):
        if j not in used:
            parts.append(f"{other.text} has no counterpart")
    return parts


# Batch output explains millions of pairs made of far fewer distinct name-part pairs.
@lru_cache(maxsize=500_000)
def _correspondence(a: NameToken, b: NameToken) -> int | None:
    """0 same spelling, 1 usual reading, 2 possible reading, 3 initial, None otherwise."""
    if a.spelling() == b.spelling():
        return 0
    if a.is_initial or b.is_initial:
        full = b if a.is_initial else a
        initial = a if a.is_initial else b
        return 3 if full.initial == initial.initial and not full.is_initial else None
    if a.keys and b.keys and a.keys[0] == b.keys[0]:
        return 1
    if set(a.keys) & set(b.keys):
        return 2
    return None


@lru_cache(maxsize=500_000)
def _describe(a: NameToken, b: NameToken, rank: int) -> str:
    if rank == 0:
        return f"{a.text} = {b.text}"
    if rank == 3:
        return f"{a.text} / {b.text}: initial consistent"
    native = b if b.script != "Latin" else a if a.script != "Latin" else None
    latin = a if native is b else b
    quality = "usual" if rank == 1 else "possible"
    if native is not None and latin.script == "Latin":
        return f"{latin.text} written {native.text} in {native.script}: {quality} spelling"
    if native is not None:
        return f"{a.text} ({a.script}) and {b.text} ({b.script}): {quality} equivalents"
    return f"{a.text} / {b.text}: {quality} spelling variants"


def _birth_text(r: Record) -> str:
    return _birth_words(r.birth_date, r.age, r.age_date)


@lru_cache(maxsize=100_000)
def _birth_words(birth_date: str, age: str, age_date: str) -> str:
    if birth_date:
        return f"born {birth_date}"
    if age:
        from waypost.matching.internals.dates import age_tolerance, parse_age

        years, ref = parse_age(age, age_date)
        tol = age_tolerance(years)
        return f"estimated age {years:g} in {ref} ({int(years) - tol}-{int(years) + tol})"
    return ""


def evidence(
    fa: dict[str, Any], fb: dict[str, Any], levels: list[int], model: Model
) -> list[Evidence]:
    items: list[Evidence] = []
    ra: Record = fa["_record"]
    rb: Record = fb["_record"]
    for comp, lv in zip(COMPARISONS, levels, strict=True):
        level = comp.levels[lv]
        if level.is_null:
            continue
        weight = model.weights[comp.name][lv]
        detail = ""
        if comp.name == "name":
            detail = "; ".join(_token_pairs(fa["_names"], fb["_names"]))
        elif comp.name == "birth":
            detail = f"{_birth_text(ra)} vs {_birth_text(rb)}"
        elif comp.name == "sex":
            detail = f"{ra.sex} vs {rb.sex}"
        elif comp.name == "nationality":
            detail = f"{ra.nationality} vs {rb.nationality}"
        items.append(Evidence(comp.description.split(",")[0].lower(), level.label, weight, detail))
    return items


def explain(fa: dict[str, Any], fb: dict[str, Any], levels: list[int], model: Model) -> str:
    return "; ".join(e.text() for e in evidence(fa, fb, levels, model))
