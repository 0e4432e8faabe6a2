"""Plain Splink, as the bench's baseline: a conventional Splink 5 linkage on DuckDB.

Run as a script by its path (``python plain_splink.py ...``), not as a module of the
``waypost`` package: it imports Splink and DuckDB only, so that timing it process to
process against ``waypost match link`` counts no Waypost import on its side. It reads
two CSV files, trains as Waypost's ``link`` does (u by random sampling, m by EM with the
prior fixed), ranks each left record's candidates and writes the best ``--top`` as
``left_id,right_id,score,match`` (``match``: the best candidate at ``--threshold`` or
above).

The settings that decide a fair comparison are arguments, which ``waypost match bench``
takes from Waypost's own (:func:`waypost.matching.internals.bench.shared_settings`): the
prior (``--present`` over the size of the right file), u's ``--u-max-pairs`` and
``--seed``, EM's ``--em-max-pairs`` and the order of its sessions (names, then birth).
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# FEBRL's own columns (the social security number left out: the task is linking persons
# by name, birth and address).
FEBRL_COLUMNS = (
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
)


def strip_accents(text: str) -> str:
    """Lower case without accents: what a Latin-script setup does to names. Other
    scripts stay as they are."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).strip()


def transliterate(text: str) -> str:
    """Any script to ASCII, letter by letter (anyascii), lower case."""
    from anyascii import anyascii

    return " ".join(anyascii(text).lower().split())


NAME_FORMS: dict[str, Callable[[str], str]] = {
    "accents": strip_accents,
    "anyascii": transliterate,
}


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def febrl_rows(path: Path) -> list[dict[str, Any]]:
    """FEBRL's columns as they are (``id`` and FEBRL_COLUMNS; empty is null)."""
    return [
        {"unique_id": row["id"], **{c: (row.get(c) or "").strip() or None for c in FEBRL_COLUMNS}}
        for row in read_rows(path)
    ]


def person_rows(path: Path, name_form: Callable[[str], str]) -> list[dict[str, Any]]:
    """Waypost's input columns, names in one script as ``name_form`` makes them."""
    out = []
    for row in read_rows(path):
        whole = row.get("name") or f"{row.get('given_name', '')} {row.get('family_name', '')}"
        name = name_form(whole)
        parts = name.split()
        birth = (row.get("birth_date") or "").strip()
        out.append(
            {
                "unique_id": row["id"],
                "name": name or None,
                "first": parts[0] if parts else None,
                "last": parts[-1] if parts else None,
                "birth_year": birth[:4] or None,
                "birth_date": birth or None,
                "sex": (row.get("sex") or "").strip().upper() or None,
                "nationality": (row.get("nationality") or "").strip().upper() or None,
            }
        )
    return out


def febrl_setup() -> tuple[list[Any], list[Any], list[Any]]:
    """Comparisons, prediction blocking and EM sessions on FEBRL's columns."""
    import splink.comparison_library as cl
    from splink import block_on

    comparisons = [
        cl.NameComparison("given_name"),
        cl.NameComparison("surname"),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
        cl.DamerauLevenshteinAtThresholds("street_number", [1]),
        cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
        cl.JaroWinklerAtThresholds("suburb", [0.9]),
        cl.DamerauLevenshteinAtThresholds("postcode", [1]),
        cl.ExactMatch("state"),
    ]
    blocking = [
        block_on("given_name"),
        block_on("surname"),
        block_on("date_of_birth"),
        block_on("postcode", "street_number"),
    ]
    training = [block_on("given_name", "surname"), block_on("date_of_birth")]
    return comparisons, blocking, training


def person_setup() -> tuple[list[Any], list[Any], list[Any]]:
    """Comparisons, prediction blocking and EM sessions on a whole name, its first and
    last part, birth, sex and nationality."""
    import splink.comparison_library as cl
    from splink import block_on

    comparisons = [
        cl.JaroWinklerAtThresholds("name", [0.92, 0.8]),
        cl.JaroWinklerAtThresholds("first", [0.9]),
        cl.JaroWinklerAtThresholds("last", [0.9]),
        cl.ExactMatch("birth_date"),
        cl.ExactMatch("birth_year"),
        cl.ExactMatch("sex"),
        cl.ExactMatch("nationality"),
    ]
    blocking = [
        block_on("substr(first, 1, 2)"),
        block_on("substr(last, 1, 2)"),
        block_on("birth_year", "sex"),
    ]
    training = [block_on("first", "last"), block_on("birth_year")]
    return comparisons, blocking, training


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("left", type=Path)
    p.add_argument("right", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--columns", choices=("febrl", "person"), required=True)
    p.add_argument("--names", choices=sorted(NAME_FORMS), default="accents")
    p.add_argument("--present", type=float, required=True)
    p.add_argument("--u-max-pairs", type=int, required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--em-max-pairs", type=int, required=True)
    p.add_argument("--top", type=int, required=True)
    p.add_argument("--threshold", type=float, required=True)
    return p


def splink_settings(args: argparse.Namespace, n_right: int) -> dict[str, Any]:
    """What the run passes to Splink, from the command line (read by the bench's tests)."""
    comparisons, blocking, training = febrl_setup() if args.columns == "febrl" else person_setup()
    return {
        "link": {
            "link_type": "link_only",
            "comparisons": comparisons,
            "blocking_rules_to_generate_predictions": blocking,
            # the same prior as Waypost's: the person is in the right file with
            # probability ``present``, any of its records equally likely
            "probability_two_random_records_match": args.present / max(n_right, 1),
        },
        # every pair of the sample, as Waypost counts it (Splink otherwise stops early once
        # each level has been seen 100 times)
        "u": {
            "max_pairs": args.u_max_pairs,
            "seed": args.seed,
            "min_count_per_level": None,
            "num_chunks": 1,
        },
        "em": [
            {
                "blocking_rule": rule,
                "fix_probability_two_random_records_match": True,
                "max_pairs": args.em_max_pairs,
            }
            for rule in training
        ],
    }


def run(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    import duckdb
    from splink import DuckDBAPI, Linker, SettingsCreator

    if args.columns == "febrl":
        left, right = febrl_rows(args.left), febrl_rows(args.right)
    else:
        form = NAME_FORMS[args.names]
        left, right = person_rows(args.left, form), person_rows(args.right, form)
    settings = splink_settings(args, len(right))
    con = duckdb.connect()
    db_api = DuckDBAPI(connection=con)
    tables = [
        db_api.register(left, dataset_display_name="plain_left"),
        db_api.register(right, dataset_display_name="plain_right"),
    ]
    linker = Linker(tables, SettingsCreator(**settings["link"]), log_level=None)
    linker.training.estimate_u_using_random_sampling(**settings["u"])
    for session in settings["em"]:
        linker.training.estimate_parameters_using_expectation_maximisation(**session)
    predicted = linker.inference.predict()
    # each left record's best candidates, the first a match at the threshold
    target = str(args.out).replace("'", "''")
    con.execute(
        f"""
        COPY (
          SELECT a AS left_id, b AS right_id, round(p, 6) AS score,
                 CASE WHEN rank = 1 AND p >= {float(args.threshold)!r} THEN 1 ELSE 0 END AS match
          FROM (
            SELECT *, row_number() OVER (PARTITION BY a ORDER BY p DESC, b) AS rank
            FROM (
              SELECT
                CASE WHEN source_dataset_l = 'plain_left' THEN unique_id_l ELSE unique_id_r END AS a,
                CASE WHEN source_dataset_l = 'plain_left' THEN unique_id_r ELSE unique_id_l END AS b,
                match_probability AS p
              FROM {predicted.physical_name}
            )
          )
          WHERE rank <= {int(args.top)}
          ORDER BY a, rank
        ) TO '{target}' (HEADER, DELIMITER ',')
        """  # noqa: S608 - table names are Splink's, numbers are numbers, the path is quoted
    )
    return 0


if __name__ == "__main__":
    sys.exit(run())
