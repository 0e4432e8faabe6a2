"""Learned transliteration from non-Latin scripts to the Latin skeleton space.

Model: each native character emits a (possibly empty) substring of the Latin skeleton
(see :mod:`latin`), with probabilities learned by EM over monotonic alignments of real
name pairs (Wikidata, Google). Unseen words are decoded by beam search into several
ranked skeleton candidates; words seen in training also keep their observed skeletons.

Training (offline, on the train side of the name-disjoint split) is :func:`learn`; the
package only ever loads the shipped tables (:func:`load_default`).
"""

from __future__ import annotations

import gzip
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

MAX_EMIT = 4
_DOUBLE = re.compile(r"(.)\1+")


_NATIVE_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ـ": "",
        "ё": "е",
        "ץ": "צ",
        "ך": "כ",
        "ם": "מ",
        "ן": "נ",
        "ף": "פ",
        "־": "",
        "׳": "",
    }
)


def native_normal(word: str) -> str:
    """Lowercase, drop combining marks (harakat, niqqud), fold letter variants."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", kept).translate(_NATIVE_FOLD)


@lru_cache(maxsize=500_000)
def collapse(word: str) -> str:
    """Normalised native word with doubled letters collapsed."""
    return _DOUBLE.sub(r"\1", native_normal(word))


@dataclass
class TranslitModel:
    """Character emission table plus a lexicon of words seen in training."""

    emit: dict[str, dict[str, float]] = field(default_factory=dict)
    lexicon: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def knows(self, ch: str) -> bool:
        return ch in self.emit

    def candidates(self, word: str, k: int = 4) -> list[tuple[str, float]]:
        """Top ``k`` (skeleton, probability) candidates for a native-script word."""
        return _candidates(self, word, k)

    def to_json(self) -> dict[str, object]:
        return {"emit": self.emit, "lexicon": self.lexicon}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> TranslitModel:
        emit = data["emit"]
        lexicon = data["lexicon"]
        if not isinstance(emit, dict) or not isinstance(lexicon, dict):
            raise ValueError("not a transliteration model")
        return cls(
            emit={c: dict(v) for c, v in emit.items()},
            lexicon={w: [(s, float(p)) for s, p in v] for w, v in lexicon.items()},
        )

    def __hash__(self) -> int:  # identity hash so lru_cache can key on the model
        return id(self)


def decode(model: TranslitModel, word: str, k: int, beam: int = 24) -> list[tuple[str, float]]:
    """Beam search over per-character emissions; returns merged top-k skeletons."""
    chars = [c for c in collapse(word) if c in model.emit]
    if not chars:
        return []
    hyps: dict[str, float] = {"": 0.0}
    for ch in chars:
        options = model.emit[ch]
        nxt: dict[str, float] = {}
        for prefix, lp in hyps.items():
            for out, p in options.items():
                key = prefix + out
                score = lp + math.log(p)
                old = nxt.get(key)
                nxt[key] = score if old is None else _logadd(old, score)
        hyps = dict(sorted(nxt.items(), key=lambda kv: -kv[1])[:beam])
    best = sorted(((s, math.exp(lp)) for s, lp in hyps.items() if s), key=lambda kv: -kv[1])
    total = sum(p for _, p in best) or 1.0
    return [(s, p / total) for s, p in best[:k]]


def _logadd(a: float, b: float) -> float:
    if a < b:
        a, b = b, a
    return a + math.log1p(math.exp(b - a))


@lru_cache(maxsize=200_000)
def _candidates(model: TranslitModel, word: str, k: int) -> list[tuple[str, float]]:
    seen = model.lexicon.get(collapse(word))
    decoded = decode(model, word, k)
    if not seen:
        return decoded
    merged: dict[str, float] = defaultdict(float)
    for s, p in seen:
        merged[s] += 0.7 * p
    for s, p in decoded:
        merged[s] += 0.3 * p
    return sorted(merged.items(), key=lambda kv: -kv[1])[:k]


# ---------------------------------------------------------------- training (offline)


def learn(
    pairs: Iterable[tuple[str, str, int]],
    iterations: int = 6,
    min_prob: float = 0.01,
    lexicon_min_count: int = 2,
) -> TranslitModel:
    """Learn emissions from (native word, Latin skeleton, count) triples by EM."""
    data = [(collapse(n), s, c) for n, s, c in pairs if n and s]
    chars = {ch for n, _, _ in data for ch in n}
    emit: dict[str, dict[str, float]] = {ch: {} for ch in chars}
    uniform = 1.0 / 50
    for _ in range(iterations):
        counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for native, skel, count in data:
            _accumulate(native, skel, math.log1p(count), emit, uniform, counts)
        emit = {}
        for ch, outs in counts.items():
            total = sum(outs.values())
            kept = {o: v / total for o, v in outs.items() if v / total >= min_prob}
            norm = sum(kept.values())
            emit[ch] = {o: v / norm for o, v in kept.items()}
        uniform = 0.0
    lex_counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for native, skel, count in data:
        lex_counts[native][skel] += count
    lexicon: dict[str, list[tuple[str, float]]] = {}
    for native, skels in lex_counts.items():
        total = sum(skels.values())
        if total < lexicon_min_count:
            continue
        top = sorted(skels.items(), key=lambda kv: -kv[1])[:4]
        lexicon[native] = [(s, round(v / total, 3)) for s, v in top if v / total >= 0.05]
    emit = {ch: {o: round(p, 4) for o, p in outs.items()} for ch, outs in emit.items()}
    return TranslitModel(emit=emit, lexicon=lexicon)


def _accumulate(
    native: str,
    skel: str,
    weight: float,
    emit: dict[str, dict[str, float]],
    uniform: float,
    counts: dict[str, dict[str, float]],
) -> None:
    n, m = len(native), len(skel)
    if m > MAX_EMIT * n:
        return

    def prob(ch: str, out: str) -> float:
        return emit.get(ch, {}).get(out, uniform) if uniform else emit.get(ch, {}).get(out, 0.0)

    fwd = [[0.0] * (m + 1) for _ in range(n + 1)]
    fwd[0][0] = 1.0
    for i in range(1, n + 1):
        ch = native[i - 1]
        row, prev = fwd[i], fwd[i - 1]
        for j in range(m + 1):
            total = 0.0
            for ln in range(min(MAX_EMIT, j) + 1):
                if prev[j - ln]:
                    total += prev[j - ln] * prob(ch, skel[j - ln : j])
            row[j] = total
    z = fwd[n][m]
    if z <= 0.0:
        return
    bwd = [[0.0] * (m + 1) for _ in range(n + 1)]
    bwd[n][m] = 1.0
    for i in range(n - 1, -1, -1):
        ch = native[i]
        for j in range(m + 1):
            total = 0.0
            for ln in range(min(MAX_EMIT, m - j) + 1):
                nb = bwd[i + 1][j + ln]
                if nb:
                    p = prob(ch, skel[j : j + ln])
                    if p:
                        total += p * nb
                        post = fwd[i][j] * p * nb / z
                        if post > 1e-6:
                            counts[ch][skel[j : j + ln]] += weight * post
            bwd[i][j] = total


# ---------------------------------------------------------------- shipped tables


def load(path: str) -> TranslitModel:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return TranslitModel.from_json(json.load(fh))


def save(model: TranslitModel, path: str) -> None:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(model.to_json(), fh, ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=1)
def load_default() -> TranslitModel:
    """The model shipped in ``waypost/matching/data/translit.json.gz``."""
    ref = resources.files("waypost.matching").joinpath("data/translit.json.gz")
    with resources.as_file(ref) as path:
        return load(str(path))
