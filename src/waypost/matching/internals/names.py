"""Person names in any script reduced to comparable keys.

Every name token gets several keys in one shared space (the Latin skeleton of
:mod:`latin`): Latin tokens their spelling readings, other scripts their learned ranked
transliterations (:mod:`translit`). Particles (al-, el-, bin, ibn, ould, van, de ...) are
dropped, ``abd``/``abu`` compounds are joined (Abdel Rahman = Abdulrahman = عبد الرحمن),
token order is ignored, and a single letter is an initial.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import combinations

from waypost.matching.internals.latin import fold, skeletons
from waypost.matching.internals.translit import TranslitModel, collapse, load_default

PARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "il",
        "ad",
        "ad-din",
        "bin",
        "ibn",
        "ben",
        "bint",
        "bent",
        "binti",
        "ould",
        "wuld",
        "walad",
        "ag",
        "oglu",
        "ogly",
        "ogli",
        "kyzy",
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "da",
        "di",
        "du",
        "dos",
        "das",
        "do",
        "la",
        "le",
        "lo",
        "y",
        "zu",
        "ter",
        "ten",
        "ال",
        "بن",
        "ابن",
        "بنت",
        "ولد",
        "בן",
        "בת",
        "бен",
        "ибн",
        "оглы",
        "кызы",
    ]
)
# Particles that are also common given names stay when they stand first or alone.
_NAME_PARTICLES = frozenset({"ben", "del", "bent"})
COMPOUND_HEADS = frozenset(
    [
        "abd",
        "abdel",
        "abdul",
        "abdal",
        "abdoul",
        "abdol",
        "abdu",
        "abdou",
        "abu",
        "abou",
        "abo",
        "عبد",
        "ابو",
        "абд",
        "абу",
        "абдул",
        "абдель",
    ]
)
_ABD = re.compile(r"^abd(?:[aeiou]?l-?|[aeiou])?(?=[a-z]{2})")
_ABU = re.compile(r"^ab(?:u|ou|o)(?=[a-z]{2})")
_SPLIT = re.compile(r"[\s\-_,.;:/()\"]+")
_ARABIC_ARTICLE = "ال"
_ARABIC_ABD = "عبد"
_ARABIC_ABU = "ابو"

SCRIPT_NAMES = {
    "LATIN": "Latin",
    "ARABIC": "Arabic",
    "CYRILLIC": "Cyrillic",
    "HEBREW": "Hebrew",
    "CJK": "Chinese",
    "HANGUL": "Korean",
    "GREEK": "Greek",
    "ARMENIAN": "Armenian",
    "GEORGIAN": "Georgian",
    "DEVANAGARI": "Devanagari",
    "ETHIOPIC": "Ethiopic",
    "THAI": "Thai",
    "HIRAGANA": "Japanese",
    "KATAKANA": "Japanese",
}


@dataclass(frozen=True)
class NameToken:
    """One name part: its text, script, keys (best first) and whether it is an initial."""

    text: str
    script: str
    keys: tuple[str, ...]
    initial: str = ""
    # Comparable spelling: folded Latin, or normalised native letters. Kept, not computed
    # on demand: explanations compare every part of a name with every part of the other's.
    spelling: str = field(init=False, compare=False, repr=False)
    # Kept for the same reason: an explanation tests them for every two parts it weighs.
    is_initial: bool = field(init=False, compare=False, repr=False)
    key_set: frozenset[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        spelling = fold(self.text) if self.script == "Latin" else collapse(self.text)
        object.__setattr__(self, "spelling", spelling)
        object.__setattr__(self, "is_initial", not self.keys and bool(self.initial))
        object.__setattr__(self, "key_set", frozenset(self.keys))

    def __hash__(self) -> int:
        # Tokens key the caches of batch explanations. Equal tokens have the same text, and
        # a str keeps its hash where the generated hash of all fields re-hashes every key.
        return hash(self.text)


@lru_cache(maxsize=500_000)
def script_of(word: str) -> str:
    for ch in word:
        if ch.isalpha():
            try:
                head = unicodedata.name(ch).split()[0]
            except ValueError:
                continue
            return SCRIPT_NAMES.get(head, head.title())
    return "Latin"


def _raw_tokens(text: str) -> list[str]:
    # keep dots on initials apart from words: "M.Said" -> "M", "Said"
    return [t for t in _SPLIT.split(text.replace("'", "").replace("’", "")) if t]


@lru_cache(maxsize=500_000)
def _word_info(word: str) -> tuple[bool, bool, bool]:
    """(is a particle, is a particle that is also a given name, heads a compound)."""
    low = fold(word) if script_of(word) == "Latin" else collapse(word)
    return low in PARTICLES, low in _NAME_PARTICLES, low in COMPOUND_HEADS


def _join_compounds(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if _word_info(word)[2] and i + 1 < len(words):
            j = i + 1
            while j < len(words) - 1 and _is_particle(words[j], first=False):
                j += 1
            out.append(word + words[j])
            i = j + 1
            continue
        out.append(word)
        i += 1
    return out


def _is_particle(word: str, first: bool) -> bool:
    particle, name_like, _ = _word_info(word)
    return particle and not (first and name_like)


def _latin_keys(word: str) -> tuple[str, ...]:
    w = "".join(ch for ch in fold(word) if "a" <= ch <= "z")
    for prefix, head in ((_ABD, "PT"), (_ABU, "P")):
        m = prefix.match(w)
        if m and len(w) - m.end() >= 2:
            rest = w[m.end() :]
            if rest.startswith(("al", "el", "ul")) and len(rest) > 4:
                rest = rest[2:]
            return tuple(head + k for k in skeletons(rest))
    if w.startswith(("al", "el")) and len(w) > 5 and w[2] == w[3]:
        w = w[2:]  # assimilated article written together: "alhassan" stays, "ennour" no
    return skeletons(w)


def _native_keys(word: str, model: TranslitModel, k: int) -> tuple[str, ...]:
    w = collapse(word)
    for head, key in ((_ARABIC_ABD, "PT"), (_ARABIC_ABU, "P")):
        if w.startswith(head) and len(w) > len(head) + 1:
            rest = w[len(head) :]
            if rest.startswith(_ARABIC_ARTICLE) and len(rest) > 3:
                rest = rest[2:]
            return tuple(key + s for s, _ in _top(model, rest, k))
    if w.startswith(_ARABIC_ARTICLE) and len(w) >= 4:
        w = w[2:]
    return tuple(s for s, _ in _top(model, w, k))


def _top(model: TranslitModel, word: str, k: int) -> list[tuple[str, float]]:
    """Ranked candidates until they cover 95 % of the probability, at most ``k``."""
    out: list[tuple[str, float]] = []
    mass = 0.0
    for s, p in model.candidates(word, k):
        if out and p < 0.02:
            break
        out.append((s, p))
        mass += p
        if mass >= 0.97:
            break
    return out


@lru_cache(maxsize=1)
def _default_model() -> TranslitModel:
    return load_default()


@lru_cache(maxsize=500_000)
def _token(word: str, model: TranslitModel | None, k: int) -> NameToken | None:
    script = script_of(word)
    if script == "Latin":
        letters = "".join(ch for ch in fold(word) if "a" <= ch <= "z")
        if not letters:
            return None
        if len(letters) == 1:
            return NameToken(word, script, (), letters.upper())
        keys = _latin_keys(word)
        return NameToken(word, script, keys, letters[0].upper()) if keys else None
    # the shipped transliteration model loads on the first non-Latin name, not before
    keys = _native_keys(word, model or _default_model(), k)
    if not keys:
        return None
    return NameToken(word, script, keys)


def tokenize(text: str, model: TranslitModel | None = None, k: int = 6) -> list[NameToken]:
    """Name text -> comparable tokens (particles dropped, compounds joined)."""
    words = _raw_tokens(text)
    words = [w for i, w in enumerate(words) if not _is_particle(w, first=i == 0)]
    tokens: list[NameToken] = []
    for word in _join_compounds(words):
        tok = _token(word, model, k)
        if tok is not None:
            tokens.append(tok)
    return tokens


def full_name(name: str, given_name: str, family_name: str) -> str:
    """The name text to compare: ``name`` if present, else given + family."""
    if name.strip():
        return name
    return f"{given_name} {family_name}".strip()


@dataclass(frozen=True)
class NameFeatures:
    """Columns the model's name comparison and blocking rules read."""

    tokens: tuple[NameToken, ...]
    toks: list[list[str]]  # per token: its keys, then "^X" initial mark
    keys: list[str]  # keys of full tokens, plus "^X" of initial-only tokens
    inits: list[str]  # "^X" of every Latin token
    exact: str  # sorted spellings, for the "same spelling" level
    variants: list[tuple[str, ...]]  # blocking keys of the first five full tokens
    # ``toks`` and ``keys`` with the near forms of each key (see close_forms, similar_forms)
    close_toks: list[tuple[str, ...]]
    close_keys: list[str]
    similar_toks: list[tuple[str, ...]]
    similar_keys: list[str]

    @cached_property
    def best_keys(self) -> list[str]:
        """The two best keys of each part (blocking on one part, ``y:`` and ``z:``)."""
        return sorted({k for tok in self.tokens for k in tok.keys[:2]})

    @cached_property
    def pair_keys(self) -> list[str]:
        """Blocking: two parts' keys together, one of them a best key (``p:``, ``m:``,
        ``q:``; batch runs build these in SQL, features._PAIRS_SQL)."""
        return self._pairs(near=False)

    @cached_property
    def near_pair_keys(self) -> list[str]:
        """Two parts' deletion variants together (both parts misspelt): loose ``q:`` keys
        only, as on common names they meet many others."""
        return self._pairs(near=True)

    def _pairs(self, near: bool) -> list[str]:
        best = set(self.best_keys)
        out: set[str] = set()
        for a, b in combinations(self.variants, 2):
            for ka in a:
                for kb in b:
                    if len(ka) + len(kb) >= 3 and (ka not in best and kb not in best) == near:
                        out.add(f"{ka}|{kb}" if ka <= kb else f"{kb}|{ka}")
        return sorted(out)


def name_features(text: str, model: TranslitModel | None = None) -> NameFeatures:
    tokens = tuple(tokenize(text, model))
    toks: list[list[str]] = []
    keys: list[str] = []
    inits: list[str] = []
    for tok in tokens:
        mark = f"^{tok.initial}" if tok.initial else ""
        if tok.is_initial:
            toks.append([mark])
            keys.append(mark)
        else:
            toks.append([*tok.keys, mark] if mark else list(tok.keys))
            keys.extend(tok.keys)
        if mark:
            inits.append(mark)
    full = [t for t in tokens if not t.is_initial][:5]
    exact = " ".join(sorted(t.spelling for t in tokens))
    both = [_token_forms(tok) for tok in tokens]
    close_toks, close_keys = _name_forms([close for close, _ in both])
    similar_toks, similar_keys = _name_forms([similar for _, similar in both])
    return NameFeatures(
        tokens=tokens,
        toks=toks,
        keys=sorted(set(keys)),
        inits=sorted(set(inits)),
        exact=exact,
        variants=[block_variants(t) for t in full],
        close_toks=close_toks,
        close_keys=close_keys,
        similar_toks=similar_toks,
        similar_keys=similar_keys,
    )


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


@lru_cache(maxsize=500_000)
def close_forms(key: str) -> tuple[str, ...]:
    """A key and, from four letters, its one-letter deletions.

    Two keys share a form when they are a letter apart (or two letters swapped), so the
    "close" name level is a list overlap in SQL, not an edit distance per pair of keys:
    about half the cost (0.13 s -> 0.06 s on FEBRL4's blocked pairs).
    """
    return tuple(sorted({key, *(_deletions(key) if len(key) >= 4 else ())}))


@lru_cache(maxsize=500_000)
def similar_forms(key: str) -> tuple[str, ...]:
    """Looser than :func:`close_forms`: a three-letter key and its deletions, and any key's
    first two letters (``~`` marks them apart from keys).

    Short consonant skeletons a letter apart, or alike in their first two letters, are
    common among different names: a separate "similar" level, below "close" (which the
    comparison tries first, so these forms need not repeat the close ones), whose weight
    is learned apart.
    """
    forms = {key}
    if len(key) == 3:
        forms |= _deletions(key)
    if len(key) >= 2:
        forms.add(f"~{key[:2]}")
    return tuple(sorted(forms))


@dataclass(frozen=True)
class _TokenForms:
    """A token's forms of one kind: in ``*_toks`` (with its initial's mark, as ``toks``
    has it) and its share of ``*_keys`` (as ``keys`` has it)."""

    tok: tuple[str, ...]
    keys: tuple[str, ...]


@lru_cache(maxsize=500_000)
def _token_forms(tok: NameToken) -> tuple[_TokenForms, _TokenForms]:
    """The close and the similar forms of a token (one cache lookup per token: a batch
    computes them for every name)."""
    out = []
    mark = f"^{tok.initial}" if tok.initial else ""
    for forms in (close_forms, similar_forms):
        # every key as it is, the near forms of the two best (a native word's later
        # readings are less likely, and their near forms mostly meet other names)
        keys = {*tok.keys, *(form for key in tok.keys[:2] for form in forms(key))}
        out.append(
            _TokenForms(
                tok=tuple(sorted({*keys, mark} if mark else keys)),
                keys=(mark,) if tok.is_initial else tuple(keys),
            )
        )
    return out[0], out[1]


def _name_forms(per_token: list[_TokenForms]) -> tuple[list[tuple[str, ...]], list[str]]:
    return [f.tok for f in per_token], sorted({k for f in per_token for k in f.keys})


@lru_cache(maxsize=500_000)
def block_variants(tok: NameToken) -> tuple[str, ...]:
    """Blocking keys of a token: its two best keys and the one-letter deletions of the best.

    Two keys one edit apart always share a deletion variant, so a misspelt or
    mis-transliterated consonant does not lose the pair.
    """
    keys = set(tok.keys[:2])
    first = tok.keys[0] if tok.keys else ""
    if len(first) >= 3:
        keys.update(first[:i] + first[i + 1 :] for i in range(len(first)))
    return tuple(sorted(keys))
