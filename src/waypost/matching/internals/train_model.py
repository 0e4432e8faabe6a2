"""Offline training of the shipped default model (developer tool, not run time).

Usage: ``python -m waypost.matching.internals.train_model TOOL OUT.json``
where TOOL is ``../shared/tools/crossscript_bench.py``.

1. Simulate a linkage task from *train-side* names only (``make --split train``).
2. Let Splink estimate u (random sampling) and m (EM) on it, without labels.
3. Calibrate: on a second simulated train-side task, re-trained on it as ``link`` does,
   fit the logistic map from match weight to probability (a, b) by maximum likelihood over
   each left record's candidates, and choose the decision threshold (:func:`_threshold`).
"""

from __future__ import annotations

import csv
import math
import subprocess
import sys
import tempfile
from pathlib import Path

from waypost.matching.internals.linkage import ScoredPair, link
from waypost.matching.internals.model import Model
from waypost.matching.internals.records import read_csv


def simulate(tool: str, outdir: Path, persons: int, seed: int) -> Path:
    cmd = [sys.executable, tool, "make", str(outdir), "--persons", str(persons)]
    cmd += ["--seed", str(seed), "--split", "train"]
    subprocess.run(cmd, check=True)  # noqa: S603 - developer tool with fixed arguments
    return outdir


def main(argv: list[str]) -> int:
    tool, out = argv
    work = Path(tempfile.mkdtemp(prefix="waypost-train-"))
    first = simulate(tool, work / "a", 4000, seed=11)
    model = Model.initial()
    trained = _trained(first, model)
    second = simulate(tool, work / "b", 3000, seed=12)
    trained.calib_a, trained.calib_b = _calibrate(second, trained)
    trained.threshold = _threshold(second, trained)
    trained.save(out)
    sys.stderr.write(
        f"calibration a={trained.calib_a:.3f} b={trained.calib_b:.3f} "
        f"threshold={trained.threshold:.2f}\n"
    )
    return 0


def _trained(data: Path, model: Model) -> Model:
    from waypost.matching.internals.linkage import MIN_RECORDS_TO_TRAIN, _linker, link_inputs

    left, right = read_csv(data / "left.csv"), read_csv(data / "right.csv")
    if len(left) + len(right) < MIN_RECORDS_TO_TRAIN:
        raise SystemExit("too few simulated records to train")
    inputs = link_inputs(left, right, "duckdb")
    trained = model.copy()
    _linker(inputs.db_api, inputs.tables, inputs.ids, trained, "link_only", "duckdb", True, None)
    return trained


def _calibrate(data: Path, model: Model) -> tuple[float, float]:
    left, right = read_csv(data / "left.csv"), read_csv(data / "right.csv")
    with (data / "truth.csv").open(encoding="utf-8") as fh:
        truth = {r["left_id"]: r["right_id"] for r in csv.DictReader(fh)}
    # re-trained on the task, as link does with a user's files of 400+ records
    pairs = link(left, right, model=model, top=10)
    groups: dict[str, list[tuple[float, bool]]] = {}
    for p in pairs:
        groups.setdefault(p.left_id, []).append(
            (p.match_weight, truth.get(p.left_id) == p.right_id)
        )
    best = (math.inf, 1.0, 0.0)
    for a10 in range(5, 21):
        for b10 in range(-60, 61, 2):
            a, b = a10 / 10, b10 / 10
            loss = 0.0
            for cands in groups.values():
                zs = [a * w + b for w, _ in cands]
                top = max([0.0, *zs])
                denom = 2.0 ** (-top) + sum(2.0 ** (z - top) for z in zs)
                hit = [z for z, (_, ok) in zip(zs, cands, strict=True) if ok]
                p = (2.0 ** (hit[0] - top) if hit else 2.0 ** (-top)) / denom
                loss -= math.log(max(p, 1e-12))
            if loss < best[0]:
                best = (loss, a, b)
    return best[1], best[2]


# Thresholds whose F1 is this close to the best count as equally good.
F1_TOLERANCE = 0.002


def _threshold(data: Path, model: Model) -> float:
    """The decision threshold: the middle of those whose F1 on simulated train-side data
    is within :data:`F1_TOLERANCE` of the best.

    Near its top the F1 curve is flat, and its highest point is one edge of the flat part
    or another by chance; from the middle, probabilities moved a little by the weights
    re-estimated on each input cross no edge.
    """
    left, right = read_csv(data / "left.csv"), read_csv(data / "right.csv")
    with (data / "truth.csv").open(encoding="utf-8") as fh:
        truth = {r["left_id"]: r["right_id"] for r in csv.DictReader(fh)}
    # the best candidate of each left record, scored among ten as `link` does by default
    best_of: dict[str, ScoredPair] = {}
    for p in link(left, right, model=model, top=10):
        if p.left_id not in best_of or p.score > best_of[p.left_id].score:
            best_of[p.left_id] = p
    f1_at: dict[float, float] = {}
    for t100 in range(10, 91):
        t = t100 / 100
        decided = [p for p in best_of.values() if p.score >= t]
        tp = sum(1 for p in decided if truth.get(p.left_id) == p.right_id)
        precision = tp / len(decided) if decided else 0.0
        recall = tp / len(truth)
        f1_at[t] = 2 * precision * recall / (precision + recall) if tp else 0.0
    best = max(f1_at.values())
    good = sorted(t for t, f1 in f1_at.items() if f1 >= best - F1_TOLERANCE)
    return good[len(good) // 2]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
