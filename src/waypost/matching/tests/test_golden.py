"""The pairs a batch writes stay the same, byte for byte, as the engine is made faster.

The expected files were written by the command line before the explanations and feature
rows were made in bulk (see data/README.md); any change to a pair, score, decision or
explanation fails here.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from waypost.matching.cli import main
from waypost.matching.internals import features
from waypost.matching.internals.comparisons import COMPARISONS
from waypost.matching.internals.explain import Explainer
from waypost.matching.internals.features import explained, feature_rows, row_table
from waypost.matching.internals.model import Model
from waypost.matching.internals.records import read_csv

DATA = Path(__file__).parent / "data"
LEFT, RIGHT = DATA / "golden_left.csv", DATA / "golden_right.csv"


def test_link_writes_the_same_pairs_scores_and_explanations_as_before(tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    assert main(["link", str(LEFT), str(RIGHT), "--out", str(out), "--quiet"]) == 0
    assert out.read_bytes() == (DATA / "golden_link_pairs.csv").read_bytes()


def test_dedupe_writes_the_same_pairs_scores_and_explanations_as_before(tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    assert main(["dedupe", str(LEFT), "--out", str(out), "--quiet"]) == 0
    assert out.read_bytes() == (DATA / "golden_dedupe_pairs.csv").read_bytes()


def _records() -> list:
    return read_csv(LEFT, repairs=[]) + read_csv(RIGHT, repairs=[])


def test_a_batch_explains_each_pair_as_the_explainer_does_at_every_level() -> None:
    """A batch fills one template per comparison outcome (Explainer.template); an
    incremental query explains pair by pair (Explainer.explain). Both write the same line
    for every level of every comparison, null levels included."""
    records = _records()
    _, tokens = feature_rows(records)
    rows = [explained(r, t) for r, t in zip(records, tokens, strict=True)]
    explainer = Explainer(Model.default())
    rnd = random.Random(31)
    sizes = [len(c.levels) for c in COMPARISONS]
    outcomes = [[rnd.randrange(n) for n in sizes] for _ in range(200)]
    # each level of each comparison at least once
    outcomes += [
        [level if j == i else 0 for j in range(len(sizes))]
        for i, n in enumerate(sizes)
        for level in range(n)
    ]
    checked = 0
    for levels in outcomes:
        template = explainer.template(levels)
        for _ in range(20):
            fa, fb = rnd.choice(rows), rnd.choice(rows)
            assert template.explain(fa, fb) == explainer.explain(fa, fb, levels)
            checked += 1
    assert checked > 4000


@pytest.mark.parametrize("share", [slice(None), slice(0, 7), slice(150, 260)])
def test_feature_rows_in_bulk_are_the_rows_of_each_record(share: slice) -> None:
    """feature_rows gathers each distinct name's and place's columns once; each record's
    own row (features(), which incremental queries use) must be the same."""
    records = _records()[share]
    features._name.cache_clear()
    features._place.cache_clear()
    table, tokens = feature_rows(records)
    assert table.equals(row_table([features.features(r) for r in records]))
    assert tokens == [features.features(r)["_tokens"] for r in records]


@pytest.mark.parametrize("column", ["name_exact", "place"])
def test_letter_pairs_hashed_in_bulk_have_the_codes_and_signatures_of_the_strings(
    column: str,
) -> None:
    """with_block_keys hashes each letter pair and drops repeated hashes; the codes and
    signatures Splink reads are those of the distinct pairs as strings, "^" included."""
    import duckdb
    import pyarrow as pa

    from waypost.matching.internals.comparisons import (
        distinct_sorted_sql,
        letter_pair_hashes_sql,
        letter_pair_signature_sql,
        letter_pairs_by_hash_sql,
        letter_pairs_sql,
    )

    texts = ["", None, "a", "aaaa", "anna maria", "^x 12 ^", "a^b", "ахмед", "محمد", "12 rue 12"]
    texts += [r.place for r in _records()] + [r.given_name + " " + r.name for r in _records()]
    con = duckdb.connect()
    con.register("feats", pa.table({column: pa.array(texts, pa.string())}))
    strings = letter_pairs_sql(column)
    expected = con.sql(
        f"SELECT {features._encoded_list(strings)} AS codes, "  # noqa: S608
        f"{letter_pair_signature_sql(strings)} AS sig, "
        f"{features._encoded_list(letter_pairs_by_hash_sql(column))} AS aligned FROM feats"
    ).fetchall()
    got = con.sql(
        f"SELECT {features._encoded_grams(column, 'h')} AS codes, "  # noqa: S608
        f"{letter_pair_signature_sql('h', hashed=True)} AS sig FROM ("
        f"SELECT {column}, {distinct_sorted_sql('h')} AS h FROM ("
        f"SELECT {column}, {letter_pair_hashes_sql(column)} AS h FROM feats))"
    ).fetchall()
    assert len(got) == len(expected) == len(texts)
    for (codes, sig), (want_codes, want_sig, aligned) in zip(got, expected, strict=True):
        assert sorted(codes) == sorted(want_codes)
        # element by element as the readable tables list the strings (encoded=False)
        assert codes == aligned
        assert len(codes) == len(set(codes))
        assert sig == want_sig
