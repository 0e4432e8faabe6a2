"""Evidence for and against a pair, in words a caseworker understands."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from waypost.matching.internals.comparisons import COMPARISONS, Comparison
from waypost.matching.internals.names import NameFeatures, NameToken
from waypost.matching.internals.records import Record

if TYPE_CHECKING:
    from waypost.matching.internals.model import Model


# A fact is the detail of an evidence item as data: its kind first, then its values. An
# application renders facts in its reader's language (Waypost's tracing app does); the
# English ``detail`` below is rendered from the same facts.
Fact = tuple[str, ...]


@dataclass(frozen=True)
class Evidence:
    """One comparison's outcome: its level, weight (log2 Bayes factor) and details.

    ``key`` is the comparison's code (``name``, ``birth``, ``sex`` ...), ``level`` the
    level's label (a fixed English phrase, listed in ``comparisons``), ``facts`` the detail
    as data (see :data:`Fact`).
    """

    comparison: str
    level: str
    weight: float
    detail: str
    key: str = ""
    facts: tuple[Fact, ...] = ()

    def text(self) -> str:
        return _line(self.comparison, self.detail, self.level, _weight_words(self.weight))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: for storing the evidence and rendering it later, translated."""
        return {
            "key": self.key,
            "level": self.level,
            "weight": self.weight,
            "facts": [list(fact) for fact in self.facts],
        }


def fact_text(fact: Sequence[str]) -> str:
    """A fact in English (the engine's own wording)."""
    kind, *values = fact
    if kind == "same":
        return f"{values[0]} = {values[1]}"
    if kind == "initial":
        return f"{values[0]} / {values[1]}: initial consistent"
    if kind == "reading":
        quality, latin, native, script = values
        return f"{latin} written {native} in {script}: {quality} spelling"
    if kind == "equivalents":
        quality, a, script_a, b, script_b = values
        return f"{a} ({script_a}) and {b} ({script_b}): {quality} equivalents"
    if kind == "variants":
        quality, a, b = values
        return f"{a} / {b}: {quality} spelling variants"
    if kind == "unmatched":
        return f"{values[0]} has no counterpart"
    if kind == "born":
        return f"born {values[0]}"
    if kind == "age":
        years, year, low, high = values
        return f"estimated age {years} in {year} ({low}-{high})"
    if kind == "values":
        return f"{values[0]} vs {values[1]}"
    raise ValueError(f"unknown fact {kind!r}")


def _token_pairs(a: NameFeatures, b: NameFeatures) -> list[Fact]:
    """Each part of ``a`` with its best counterpart in ``b`` (each used once), then the rest."""
    parts: list[Fact] = []
    free: list[NameToken | None] = list(b.tokens)
    for tok in a.tokens:
        best_rank, best_j = 4, -1
        for j, other in enumerate(free):
            if other is None:
                continue
            rank = _correspondence(tok, other)
            if rank is not None and rank < best_rank:
                best_rank, best_j = rank, j
                if rank == 0:
                    break  # the first part with the same spelling: none can be better
        if best_j < 0:
            parts.append(("unmatched", tok.text))
            continue
        parts.append(_describe(tok, free[best_j], best_rank))
        free[best_j] = None
    parts.extend(("unmatched", other.text) for other in free if other is not None)
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
def _describe(a: NameToken, b: NameToken, rank: int) -> Fact:
    if rank == 0:
        return ("same", a.text, b.text)
    if rank == 3:
        return ("initial", a.text, b.text)
    native = b if b.script != "Latin" else a if a.script != "Latin" else None
    latin = a if native is b else b
    quality = "usual" if rank == 1 else "possible"
    if native is not None and latin.script == "Latin":
        return ("reading", quality, latin.text, native.text, native.script)
    if native is not None:
        return ("equivalents", quality, a.text, a.script, b.text, b.script)
    return ("variants", quality, a.text, b.text)


def _birth_fact(r: Record) -> Fact:
    return _birth_words(r.birth_date, r.age, r.age_date)


@lru_cache(maxsize=100_000)
def _birth_words(birth_date: str, age: str, age_date: str) -> Fact:
    if birth_date:
        return ("born", birth_date)
    if age:
        from waypost.matching.internals.dates import age_tolerance, parse_age

        years, ref = parse_age(age, age_date)
        tol = age_tolerance(years)
        return ("age", f"{years:g}", str(ref), str(int(years) - tol), str(int(years) + tol))
    return ()


def _facts(name: str, fa: dict[str, Any], fb: dict[str, Any]) -> tuple[Fact, ...]:
    """The facts behind comparison ``name`` for a pair of feature rows."""
    if name == "name":
        return tuple(_token_pairs(fa["_names"], fb["_names"]))
    ra: Record = fa["_record"]
    rb: Record = fb["_record"]
    if name == "birth":
        return tuple(f for f in (_birth_fact(ra), _birth_fact(rb)) if f)
    if name in ("sex", "nationality"):
        return (("values", getattr(ra, name), getattr(rb, name)),)
    return ()


# Facts repeat across pairs (the same name parts, dates, values): render each once.
@lru_cache(maxsize=500_000)
def _fact_words(fact: Fact) -> str:
    return fact_text(fact)


def _detail(name: str, facts: tuple[Fact, ...]) -> str:
    if name == "birth":
        return " vs ".join(_fact_words(f) for f in facts) if len(facts) == 2 else ""
    return "; ".join(_fact_words(f) for f in facts)


def _comparison_words(comp: Comparison) -> str:
    return comp.description.split(",")[0].lower()


class Explainer:
    """Evidence and explanations of pairs scored by one model.

    A batch explains tens of thousands of pairs with a handful of comparison levels, so
    each level's words and weight are made once here, not once per pair.
    """

    def __init__(self, model: Model) -> None:
        self._levels = [
            [
                None if level.is_null else (level.label, weight, _weight_words(weight))
                for level, weight in zip(comp.levels, model.weights[comp.name], strict=True)
            ]
            for comp in COMPARISONS
        ]
        self._names = [(comp.name, _comparison_words(comp)) for comp in COMPARISONS]

    def _outcomes(
        self, fa: dict[str, Any], fb: dict[str, Any], levels: list[int]
    ) -> Iterator[tuple[str, str, tuple[str, float, str], tuple[Fact, ...]]]:
        """Per non-null comparison: its code, words, (level label, weight, weight words), facts."""
        for (name, words), by_level, lv in zip(self._names, self._levels, levels, strict=True):
            level = by_level[lv]
            if level is not None:
                yield name, words, level, _facts(name, fa, fb)

    def evidence(self, fa: dict[str, Any], fb: dict[str, Any], levels: list[int]) -> list[Evidence]:
        return [
            Evidence(words, level[0], level[1], _detail(name, facts), key=name, facts=facts)
            for name, words, level, facts in self._outcomes(fa, fb, levels)
        ]

    def explain(self, fa: dict[str, Any], fb: dict[str, Any], levels: list[int]) -> str:
        """The evidence in one line, as :meth:`Evidence.text` writes each item."""
        return "; ".join(
            _line(words, _detail(name, facts), level[0], level[2])
            for name, words, level, facts in self._outcomes(fa, fb, levels)
        )


def _weight_words(weight: float) -> str:
    sign = "+" if weight >= 0 else "-"
    return f"{sign}{abs(weight):.1f}"


def _line(comparison: str, detail: str, level: str, weight_words: str) -> str:
    detail = f"{detail}: " if detail else ""
    return f"{comparison}: {detail}{level} ({weight_words})"
