"""Waypost person matching: cross-script names, partial dates and ages, explainable scores.

A plain Python package (no Django). The public API is this module; everything under
``internals/`` may change.

Batch linkage (Splink on DuckDB, or Spark)::

    from waypost.matching import read_csv, link, dedupe
    pairs = link(read_csv("reports.csv"), read_csv("hospital.csv"), top=10)
    for p in pairs:
        print(p.left_id, p.right_id, p.score, p.match, p.explanation)

Incremental queries for the tracing workflow::

    from waypost.matching import MatchIndex, Record
    with MatchIndex("index.sqlite") as index:
        index.upsert(Record(id="R1", name="سعيد محمد", birth_date="1998"))
        for c in index.candidates(Record(id="Q", name="Said Mohamed", age="26",
                                         age_date="2024-05-01")):
            print(c.id, c.score, c.match, c.explanation)

Scores are calibrated probabilities in [0, 1]; ``match`` marks the engine's decision (at
most one per query or left record); each candidate carries its evidence, one item per
comparison with its weight (log2 Bayes factor) from the trained model.
See ``docs/matching.md``.
"""

from __future__ import annotations

from waypost.matching.internals.dates import DateError, parse_partial_date
from waypost.matching.internals.explain import Evidence
from waypost.matching.internals.index import Candidate, MatchIndex, ProtectionMismatch, Protector
from waypost.matching.internals.linkage import ScoredPair, dedupe, iter_dedupe, iter_link, link
from waypost.matching.internals.model import Model
from waypost.matching.internals.names import NameToken, tokenize
from waypost.matching.internals.records import (
    COLUMNS,
    PAIR_COLUMNS,
    CsvError,
    DateRepair,
    Record,
    read_csv,
    write_pairs,
)

__all__ = [
    "COLUMNS",
    "PAIR_COLUMNS",
    "Candidate",
    "CsvError",
    "DateError",
    "DateRepair",
    "Evidence",
    "MatchIndex",
    "ProtectionMismatch",
    "Protector",
    "Model",
    "NameToken",
    "Record",
    "ScoredPair",
    "dedupe",
    "iter_dedupe",
    "iter_link",
    "link",
    "parse_partial_date",
    "read_csv",
    "tokenize",
    "write_pairs",
]
