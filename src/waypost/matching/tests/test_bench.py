"""The bench's own judging of a dedupe, on a scale set made from the real name data."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from waypost.conftest import shared_data
from waypost.matching.internals import bench

REPO = Path(__file__).resolve().parents[4]


def test_the_bench_judges_a_dedupe_against_the_persons_its_set_was_made_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared_data("tools/crossscript_bench.py")
    monkeypatch.chdir(REPO)  # the bench finds ../shared/tools from the repository root
    size, figures = bench.time_dedupe(tmp_path, 3000)
    assert size == 3000
    # 3,000 records of about 790 persons: about 630 of them have a family report and an
    # authority record; the distractors are other persons with names from the same pools
    assert figures.pairs > 500
    assert figures.recall > 0.9
    assert figures.precision > 0.4
    assert 0 < figures.f1 < 1


def test_both_systems_get_waypost_s_own_settings() -> None:
    from waypost.matching.internals import linkage, plain_splink

    shared = bench.shared_settings()
    assert (shared.present, shared.u_max_pairs, shared.seed, shared.em_max_pairs) == (
        linkage.PRESENT,
        linkage.U_MAX_PAIRS,
        linkage.U_SEED,
        linkage.EM_MAX_PAIRS,
    )
    task = bench.Task("t", Path("l.csv"), Path("r.csv"), {})
    out = Path("o.csv")
    ours = bench.WAYPOST.argv(task, out, shared)
    assert ours[ours.index("--top") + 1] == str(shared.top)
    for system in (bench.PLAIN, bench.PLAIN_ANYASCII):
        argv = system.argv(task, out, shared)
        args = plain_splink.parser().parse_args(argv[2:])  # after python and the script
        settings = plain_splink.splink_settings(args, n_right=4000)
        # the prior Waypost's link sets: present with probability 1/2, any record alike
        prior = settings["link"]["probability_two_random_records_match"]
        assert prior == linkage.PRESENT / 4000
        # u from every pair of a sample of the same size and seed (no early stop)
        assert settings["u"] == {
            "max_pairs": linkage.U_MAX_PAIRS,
            "seed": linkage.U_SEED,
            "min_count_per_level": None,
            "num_chunks": 1,
        }
        # two EM sessions, names then birth as Waypost's, at most as many pairs, the
        # prior held fixed as Waypost holds it
        sessions = settings["em"]
        assert len(sessions) == len(linkage.TRAINING_RULES) == 2
        assert all(s["max_pairs"] == linkage.EM_MAX_PAIRS for s in sessions)
        assert all(s["fix_probability_two_random_records_match"] for s in sessions)
        assert (args.top, args.threshold) == (shared.top, shared.threshold)
    names = [s.argv(task, out, shared) for s in (bench.PLAIN, bench.PLAIN_ANYASCII)]
    assert [a[a.index("--names") + 1] for a in names] == ["accents", "anyascii"]


def test_the_transliterated_baseline_reads_every_script_in_latin_letters() -> None:
    pytest.importorskip("anyascii", reason="the bench extra (pip install 'waypost[bench]')")
    from waypost.matching.internals import plain_splink

    assert plain_splink.transliterate("Сергей Иванов") == "sergey ivanov"
    # the other baseline only strips accents (and the breve of й with them)
    assert plain_splink.strip_accents("Сергей José") == "сергеи jose"


def test_the_systems_take_turns_going_first() -> None:
    assert bench.round_orders(2, 5) == [[0, 1], [1, 0], [0, 1], [1, 0], [0, 1]]
    three = bench.round_orders(3, 6)
    assert [order[0] for order in three] == [0, 1, 2, 0, 1, 2]
    assert all(sorted(order) == [0, 1, 2] for order in three)


def _pairs_file(path: Path, rows: list[tuple[str, str, float, int]]) -> Path:
    path.write_text(
        "left_id,right_id,score,match\n" + "".join(f"{a},{b},{s},{m}\n" for a, b, s, m in rows),
        encoding="utf-8",
    )
    return path


def test_it_judges_at_a_fixed_threshold_at_the_best_one_and_at_the_system_s_own(
    tmp_path: Path,
) -> None:
    truth = {"a": "A", "b": "B", "c": "C", "d": "D"}
    pairs = _pairs_file(
        tmp_path / "p.csv",
        [
            ("a", "A", 0.9, 1),
            ("a", "X", 0.1, 0),
            ("b", "B", 0.4, 1),  # right, below the fixed threshold
            ("c", "Y", 0.45, 0),  # wrong, below it too
            ("c", "C", 0.2, 0),  # in the top 10 all the same
            ("e", "Z", 0.7, 1),  # no true pair
        ],
    )
    judged = bench.judge(pairs, truth, threshold=0.5)
    # fixed 0.5: a (right) and e (wrong)
    assert judged.fixed == bench.Scores(0.5, 0.25, 1 / 3)
    # the best threshold on this data: 0.4, taking every best candidate (a, e, c's Y, b)
    assert judged.best_threshold == 0.4
    assert judged.best == bench.Scores(0.5, 0.5, 0.5)
    # its own column: a, b, e
    assert judged.own.precision == pytest.approx(2 / 3)
    assert judged.own.recall == 0.5
    assert judged.recall_at_10 == 0.75


def test_the_figures_are_the_medians_of_the_rounds_and_the_order_turns(tmp_path: Path) -> None:
    # Two tiny systems, each a real process that notes that it ran and writes its pairs.
    log = tmp_path / "log.txt"

    def system(name: str, score: float) -> bench.System:
        script = (
            "import sys; "
            "open(sys.argv[1], 'a').write(sys.argv[3] + '\\n'); "
            "open(sys.argv[2], 'w').write('left_id,right_id,score,match\\n"
            f"l1,r1,{score},1\\n')"
        )

        def argv(task: bench.Task, out: Path, shared: bench.SharedSettings) -> list[str]:
            return [sys.executable, "-c", script, str(log), str(out), name]

        return bench.System(name, argv)

    task = bench.Task("tiny", Path("l.csv"), Path("r.csv"), {"l1": "r1"})
    lines: list[str] = []
    summaries = bench.run_rounds(
        task,
        [system("one", 0.9), system("two", 0.3)],
        bench.shared_settings(),
        rounds=3,
        workdir=tmp_path,
        say=lines.append,
    )
    assert log.read_text().split() == ["one", "two", "two", "one", "one", "two"]
    assert len(lines) == 3
    one, two = summaries
    assert (one.system, one.rounds, two.rounds) == ("one", 3, 3)
    assert 0 < one.fastest <= one.seconds <= one.slowest
    assert one.judgement.fixed.f1 == 1.0
    assert two.judgement.fixed.f1 == 0.0  # 0.3 is below the fixed threshold
    assert two.judgement.best.f1 == 1.0


def test_a_summary_takes_the_median_of_each_figure() -> None:
    def run(seconds: float, f1: float) -> bench.Run:
        scores = bench.Scores(f1, f1, f1)
        return bench.Run(seconds, seconds / 2, bench.Judgement(scores, 0.5, scores, scores, f1))

    summary = bench.summarise("x", [run(5.0, 0.9), run(1.0, 0.8), run(3.0, 1.0)])
    assert (summary.seconds, summary.fastest, summary.slowest) == (3.0, 1.0, 5.0)
    assert summary.cpu == 1.5
    assert summary.judgement.fixed.f1 == 0.9
    assert summary.judgement.recall_at_10 == 0.9


def test_febrl4_is_written_without_the_social_security_number(tmp_path: Path) -> None:
    source = tmp_path / "febrl"
    source.mkdir()
    header = "rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id\n"
    (source / "dataset4a.csv").write_text(
        header + "rec-1-org, ann, lee, 4, main st, , town, 2000, nsw, 19450493, 1234567\n",
        encoding="utf-8",
    )
    (source / "dataset4b.csv").write_text(
        header + "rec-1-dup-0, anne, lee, 4, main st, , town, 2000, nsw, 19450403, 1234567\n",
        encoding="utf-8",
    )
    task = bench.febrl4(tmp_path / "w", source)
    assert task.truth == {"rec-1-org": "rec-1-dup-0"}
    assert task.febrl is not None
    for path in (task.left, task.right, *task.febrl):
        assert "1234567" not in path.read_text(encoding="utf-8")
    left = task.left.read_text(encoding="utf-8").splitlines()
    assert left == [
        "id,given_name,family_name,birth_date,place",
        "rec-1-org,ann,lee,1945-04-93,4 main st town 2000 nsw",  # read in part by Waypost
    ]
