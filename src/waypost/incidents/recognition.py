"""Recognising one incident in two records that identify it differently. Plain Python.

IOM has published its incidents under several schemes of ids (the old website's Web ID,
then Main ID and Incident ID, renumbered now and then), so the same incident in two MMP
exports, or in an export and an organisation's own record, can only be recognised by what
it says: when and where it happened, how many died or went missing, the sources it cites
and the words of its place.

``recognise`` compares records within a few days of each other and scores each pair by
that evidence. A pair is *certain* when its score is high, nothing contradicts it (places
far apart, counts far apart), and neither record has another candidate nearly as good: it
is then the same incident. Other pairs above a lower score are *possible*, for a person to
review. Figures never depend on it (an import counts each incident once by the export
that lists it, docs/incidents.md); recognition links the versions of an incident, so that
its history and sources stay together.

Evidence is kept as (code, value) pairs, which the application puts in words.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# Scores, in points of evidence. A pair of exports of the same incident usually scores
# 12 to 14 (same day, same point, same counts, a shared link, the same place words).
CERTAIN = 8
POSSIBLE = 5
MARGIN = 3  # a certain pair beats every other candidate of either record by this much
WINDOW_DAYS = 7  # how far apart two dates may be for their records to be compared
FAR_KM = 25.0  # farther apart than this, a pair is never certain
# Two independent reports (an organisation's record and another one) of one incident
# rarely agree on the counts: they are proposed when this close in time and place and
# within half of each other's count, whatever their score.
NEAR_DAYS = 2
NEAR_KM = 25.0
KEPT_PER_RECORD = 3  # possible candidates kept for review per record

_WORD = re.compile(r"[^\W\d_]{3,}|\d+")
# Words that say nothing about which place: MMP's own boilerplate.
_NOISE = frozenset(
    [
        "the",
        "and",
        "near",
        "off",
        "coast",
        "from",
        "unspecified",
        "location",
        "remains",
        "found",
        "border",
        "river",
        "between",
        "route",
        "boat",
        "see",
        "coordinates",
        "approx",
        "approximately",
    ]
)
_LINK_SPLIT = re.compile(r"[,;\s]+")


@dataclass(frozen=True)
class Facts:
    """What a record says about an incident; ``key`` is the caller's id for the record."""

    key: Any
    day: int | None  # date.toordinal(), None when unknown
    latitude: float | None
    longitude: float | None
    dead: int | None
    missing: int | None
    place: str = ""
    url: str = ""
    main_id: str = ""  # IOM's Main ID ("" for a Web ID or an organisation's record)


@dataclass(frozen=True)
class Pair:
    left: Any
    right: Any
    score: int
    evidence: tuple[tuple[str, Any], ...]


@dataclass
class Recognition:
    certain: list[Pair] = field(default_factory=list)  # one to one
    possible: list[Pair] = field(default_factory=list)  # for review, never a certain record


@dataclass(frozen=True, slots=True)
class _Record:
    facts: Facts
    latitude: float | None  # radians
    longitude: float | None
    cos_latitude: float
    dead: int
    missing: int
    words: frozenset[str]
    links: frozenset[str]


def _prepare(facts: Facts) -> _Record:
    point = facts.latitude is not None and facts.longitude is not None
    latitude = math.radians(facts.latitude) if point else None  # type: ignore[arg-type]
    text = unicodedata.normalize("NFKD", facts.place).encode("ascii", "ignore").decode().lower()
    links = {
        link.strip().rstrip("/").lower().split("://")[-1].removeprefix("www.")
        for link in _LINK_SPLIT.split(facts.url)
        if "." in link
    }
    return _Record(
        facts=facts,
        latitude=latitude,
        longitude=math.radians(facts.longitude) if point else None,  # type: ignore[arg-type]
        cos_latitude=math.cos(latitude) if latitude is not None else 0.0,
        dead=facts.dead or 0,
        missing=facts.missing or 0,
        words=frozenset(_WORD.findall(text)) - _NOISE,
        links=frozenset(links),
    )


def _km(a: _Record, b: _Record) -> float | None:
    """Distance on the sphere, flattened: exact enough within the few hundred kilometres
    that matter here, and cheap in the comparison loop."""
    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return None
    across = abs(b.longitude - a.longitude)
    across = min(across, 2 * math.pi - across) * a.cos_latitude
    return 6371.0 * math.hypot(across, b.latitude - a.latitude)


def _points(a: _Record, b: _Record, floor: int) -> tuple[int, bool, bool]:
    """(score, contradicted, near) of a pair: the hot loop, so no evidence is kept here.

    Contradicted: far apart in place or count, so never certain. Near: close enough in
    time, place and count to propose as independent reports of one incident. A pair that
    cannot reach ``floor`` even with the place evidence still to come stops early.
    """
    days = abs((a.facts.day or 0) - (b.facts.day or 0))
    score = 2 if days == 0 else 1 if days == 1 else 0 if days <= 3 else -1
    total_a, total_b = a.dead + a.missing, b.dead + b.missing
    close_counts = abs(total_a - total_b) <= max(1, 0.5 * max(total_a, total_b))
    if total_a == total_b:
        score += 3 if a.dead == b.dead else 2
    else:
        score += -2 if close_counts else -4
    if a.links and b.links and not a.links.isdisjoint(b.links):
        score += 3
    if a.facts.main_id and a.facts.main_id == b.facts.main_id:
        score += 3
    if score + 6 < floor:  # 3 for the same point, 3 for the same place words
        return score, True, False
    km = _km(a, b)
    if km is not None:
        score += 3 if km <= 1 else 2 if km <= 10 else 0 if km <= 50 else -2 if km <= 200 else -4
    if a.words and b.words:
        overlap = len(a.words & b.words) / len(a.words | b.words)
        score += 3 if overlap >= 0.9 else 2 if overlap >= 0.6 else 1 if overlap >= 0.3 else 0
        score -= 1 if overlap < 0.1 else 0
    far = km is not None and km > FAR_KM
    near = days <= NEAR_DAYS and km is not None and km <= NEAR_KM and close_counts
    return score, far or not close_counts, near


def _evidence(a: _Record, b: _Record) -> tuple[tuple[str, Any], ...]:
    """What a kept pair's score rests on, for the person who reviews it."""
    evidence: list[tuple[str, Any]] = [("days", abs((a.facts.day or 0) - (b.facts.day or 0)))]
    km = _km(a, b)
    if km is not None:
        evidence.append(("km", round(km, 1)))
    if a.dead + a.missing == b.dead + b.missing:
        evidence.append(("counts", "same" if a.dead == b.dead else "same total"))
    else:
        evidence.append(("totals", (a.dead + a.missing, b.dead + b.missing)))
    if not a.links.isdisjoint(b.links):
        evidence.append(("link", True))
    if a.words and b.words:
        evidence.append(("place", round(len(a.words & b.words) / len(a.words | b.words), 2)))
    if a.facts.main_id and a.facts.main_id == b.facts.main_id:
        evidence.append(("main_id", True))
    return tuple(evidence)


def recognise(
    left: Iterable[Facts],
    right: Iterable[Facts],
    *,
    independent: bool = False,
    window_days: int = WINDOW_DAYS,
) -> Recognition:
    """Pairs of a left and a right record that tell of the same incident.

    ``certain`` pairs are one to one: no record is in two of them. ``possible`` pairs are
    the best few candidates (score at least ``POSSIBLE``) of each left record that is in no
    certain pair, best first. With ``independent`` the records are separate reports rather
    than versions of one export row (an organisation's record beside MMP's): pairs close in
    time and place with counts within half of each other are possible whatever their score.
    Records without a date are never compared.
    """
    lefts = [_prepare(facts) for facts in left if facts.day is not None]
    by_day: dict[int, list[_Record]] = defaultdict(list)
    for record in (_prepare(facts) for facts in right if facts.day is not None):
        by_day[record.facts.day].append(record)  # type: ignore[index]
    scored: list[tuple[int, bool, _Record, _Record]] = []
    best_left: dict[int, list[int]] = defaultdict(list)
    best_right: dict[int, list[int]] = defaultdict(list)
    # Independent reports are proposed when near whatever their score: nothing is skipped.
    floor = -99 if independent else POSSIBLE
    for a in lefts:
        day = a.facts.day or 0
        for offset in range(-window_days, window_days + 1):
            for b in by_day.get(day + offset, ()):
                score, contradicted, near = _points(a, b, floor)
                if score < POSSIBLE and not (independent and near):
                    continue
                scored.append((score, contradicted, a, b))
                best_left[id(a)].append(score)
                best_right[id(b)].append(score)
    for scores in (*best_left.values(), *best_right.values()):
        scores.sort(reverse=True)
    scored.sort(key=lambda item: -item[0])  # stable: ties stay in the callers' order

    def runner_up(scores: list[int]) -> int:
        return scores[1] if len(scores) > 1 else -99

    outcome = Recognition()
    taken_left: set[int] = set()
    taken_right: set[int] = set()
    for score, contradicted, a, b in scored:
        if id(a) in taken_left or id(b) in taken_right:
            continue
        if (
            score >= CERTAIN
            and not contradicted
            and score - runner_up(best_left[id(a)]) >= MARGIN
            and score - runner_up(best_right[id(b)]) >= MARGIN
        ):
            outcome.certain.append(Pair(a.facts.key, b.facts.key, score, _evidence(a, b)))
            taken_left.add(id(a))
            taken_right.add(id(b))
    kept: dict[int, int] = defaultdict(int)
    for score, _, a, b in scored:
        if id(a) in taken_left or id(b) in taken_right or kept[id(a)] >= KEPT_PER_RECORD:
            continue
        kept[id(a)] += 1
        outcome.possible.append(Pair(a.facts.key, b.facts.key, score, _evidence(a, b)))
    return outcome
