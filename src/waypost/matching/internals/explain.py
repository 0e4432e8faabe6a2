"""Evidence for and against a pair, in words a caseworker understands."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from waypost.matching.internals.comparisons import COMPARISONS, Comparison
from waypost.matching.internals.names import NameToken
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


def _token_pairs(a: tuple[NameToken, ...], b: tuple[NameToken, ...]) -> tuple[Fact, ...]:
    """Each part of ``a`` with its best counterpart in ``b`` (each used once), then the rest."""
    parts: list[Fact] = []
    free: list[NameToken | None] = list(b)
    for tok in a:
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
    return tuple(parts)


def _correspondence(a: NameToken, b: NameToken) -> int | None:
    """0 same spelling, 1 usual reading, 2 possible reading, 3 initial, None otherwise."""
    if a.spelling == b.spelling:
        return 0
    if a.is_initial or b.is_initial:
        full = b if a.is_initial else a
        initial = a if a.is_initial else b
        return 3 if full.initial == initial.initial and not full.is_initial else None
    if a.keys and b.keys and a.keys[0] == b.keys[0]:
        return 1
    if not a.key_set.isdisjoint(b.key_set):
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


# The facts behind each comparison for a pair of feature rows (none for the others).
FactsOf = Callable[[dict[str, Any], dict[str, Any]], tuple[Fact, ...]]


def _name_facts(fa: dict[str, Any], fb: dict[str, Any]) -> tuple[Fact, ...]:
    return _token_pairs(fa["_tokens"], fb["_tokens"])


def _birth_facts(fa: dict[str, Any], fb: dict[str, Any]) -> tuple[Fact, ...]:
    return tuple(f for f in (_birth_fact(fa["_record"]), _birth_fact(fb["_record"])) if f)


def _values_of(field: str) -> FactsOf:
    def values(fa: dict[str, Any], fb: dict[str, Any]) -> tuple[Fact, ...]:
        return (("values", getattr(fa["_record"], field), getattr(fb["_record"], field)),)

    return values


def _no_facts(fa: dict[str, Any], fb: dict[str, Any]) -> tuple[Fact, ...]:
    return ()


_FACTS: dict[str, FactsOf] = {
    "name": _name_facts,
    "birth": _birth_facts,
    "sex": _values_of("sex"),
    "nationality": _values_of("nationality"),
}


# Facts repeat across pairs (the same name parts, dates, values): render each once.
@lru_cache(maxsize=500_000)
def _fact_words(fact: Fact) -> str:
    return fact_text(fact)


# Not cached: a pair's facts together rarely repeat, and a cache of them kept a batch's
# tuples alive for the garbage collector to walk (FEBRL4: 0.24 s -> 0.18 s of collection).
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
        # per comparison: its code, words, facts, and per level (label, weight, weight
        # words), None for the null level
        self._comparisons = [
            (
                comp.name,
                _comparison_words(comp),
                _FACTS.get(comp.name, _no_facts),
                [
                    None if level.is_null else (level.label, weight, _weight_words(weight))
                    for level, weight in zip(comp.levels, model.weights[comp.name], strict=True)
                ],
            )
            for comp in COMPARISONS
        ]
        # per comparison and level, the whole line where it has no facts (place, document,
        # phone): the same for every pair at that level
        self._lines = [
            [
                _line(words, "", level[0], level[2])
                if level is not None and facts_of is _no_facts
                else None
                for level in by_level
            ]
            for _, words, facts_of, by_level in self._comparisons
        ]

    def evidence(self, fa: dict[str, Any], fb: dict[str, Any], levels: list[int]) -> list[Evidence]:
        out = []
        for (name, words, facts_of, by_level), lv in zip(self._comparisons, levels, strict=True):
            level = by_level[lv]
            if level is not None:
                facts = facts_of(fa, fb)
                out.append(
                    Evidence(words, level[0], level[1], _detail(name, facts), key=name, facts=facts)
                )
        return out

    def explain(self, fa: dict[str, Any], fb: dict[str, Any], levels: list[int]) -> str:
        """The evidence in one line, as :meth:`Evidence.text` writes each item."""
        lines: list[str] = []
        for (name, words, facts_of, by_level), lv, whole in zip(
            self._comparisons, levels, self._lines, strict=True
        ):
            line, level = whole[lv], by_level[lv]
            if line is not None:  # a comparison without facts: its level's line
                lines.append(line)
            elif level is not None:
                lines.append(_line(words, _detail(name, facts_of(fa, fb)), level[0], level[2]))
        return "; ".join(lines)

    def template(self, levels: Sequence[int]) -> Template:
        """:meth:`explain` of pairs at ``levels``, made once for them: a batch has few
        distinct comparison outcomes and explains tens of thousands of pairs (FEBRL4's
        28,751 pairs have 218 outcomes). Its lines without facts are written out; each
        pair fills in only its details, read from the strings its records carry
        (:func:`explained_values`), without the facts as tuples."""
        parts: list[str | tuple[DetailOf, str, str]] = []
        for (name, words, _, by_level), lv, whole in zip(
            self._comparisons, levels, self._lines, strict=True
        ):
            line, level = whole[lv], by_level[lv]
            if line is not None:
                parts.append(line)
            elif level is not None:
                parts.append((_DETAILS[name], f"{words}: ", f"{level[0]} ({level[2]})"))
        return Template(tuple(parts))


# The detail of a comparison with facts, as :func:`_detail` writes it, for two records'
# explanation values (:func:`explained_values`).
DetailOf = Callable[[dict[str, Any], dict[str, Any]], str]


def explained_values(record: Record, tokens: tuple[NameToken, ...]) -> dict[str, Any]:
    """What :meth:`Explainer.explain` and :class:`Template` read of a record: the record,
    its name parts, and its birth fact in words ("" without one), made once per record
    where every pair would otherwise make it again."""
    fact = _birth_fact(record)
    return {"_record": record, "_tokens": tokens, "_birth": _fact_words(fact) if fact else ""}


def _name_detail(fa: dict[str, Any], fb: dict[str, Any]) -> str:
    """``_detail("name", _name_facts(fa, fb))``: the matching of :func:`_token_pairs`, its
    facts' words made once per two parts (:func:`_correspondence_words`)."""
    parts: list[str] = []
    free: list[NameToken | None] = list(fb["_tokens"])
    for tok in fa["_tokens"]:
        best_rank, best_j = 4, -1
        for j, other in enumerate(free):
            if other is None:
                continue
            rank = _correspondence(tok, other)
            if rank is not None and rank < best_rank:
                best_rank, best_j = rank, j
                if rank == 0:
                    break
        if best_j < 0:
            parts.append(_unmatched_words(tok.text))
            continue
        parts.append(_correspondence_words(tok, free[best_j], best_rank))
        free[best_j] = None
    parts.extend(_unmatched_words(other.text) for other in free if other is not None)
    return "; ".join(parts)


@lru_cache(maxsize=500_000)
def _correspondence_words(a: NameToken, b: NameToken, rank: int) -> str:
    return fact_text(_describe(a, b, rank))


@lru_cache(maxsize=500_000)
def _unmatched_words(text: str) -> str:
    return fact_text(("unmatched", text))


def _birth_detail(fa: dict[str, Any], fb: dict[str, Any]) -> str:
    a, b = fa["_birth"], fb["_birth"]
    return f"{a} vs {b}" if a and b else ""


def _values_detail(field: str) -> DetailOf:
    def detail(fa: dict[str, Any], fb: dict[str, Any]) -> str:
        return f"{getattr(fa['_record'], field)} vs {getattr(fb['_record'], field)}"

    return detail


_DETAILS: dict[str, DetailOf] = {
    "name": _name_detail,
    "birth": _birth_detail,
    "sex": _values_detail("sex"),
    "nationality": _values_detail("nationality"),
}


@dataclass(frozen=True)
class Template:
    """The explanation of pairs at one set of levels (:meth:`Explainer.template`): per
    comparison its whole line, or how to write it around the pair's detail."""

    parts: tuple[str | tuple[DetailOf, str, str], ...]

    def explain(self, fa: dict[str, Any], fb: dict[str, Any]) -> str:
        """:meth:`Explainer.explain` of two records' :func:`explained_values`."""
        lines: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                lines.append(part)
                continue
            detail_of, head, tail = part
            detail = detail_of(fa, fb)
            lines.append(f"{head}{detail}: {tail}" if detail else f"{head}{tail}")
        return "; ".join(lines)


def _weight_words(weight: float) -> str:
    sign = "+" if weight >= 0 else "-"
    return f"{sign}{abs(weight):.1f}"


def _line(comparison: str, detail: str, level: str, weight_words: str) -> str:
    detail = f"{detail}: " if detail else ""
    return f"{comparison}: {detail}{level} ({weight_words})"
