"""Batch linkage and deduplication of record lists with Splink (DuckDB or Spark)."""

from __future__ import annotations

import gc
import logging
import shutil
import tempfile
import uuid
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple, ParamSpec, TypeVar

import pyarrow as pa  # type: ignore[import-untyped]

from waypost.matching.internals.comparisons import COMPARISONS, install_macros
from waypost.matching.internals.em import TRAINING_RULES, MTraining
from waypost.matching.internals.explain import Explainer, Template
from waypost.matching.internals.features import explained, feature_rows, with_block_keys
from waypost.matching.internals.model import DUCKDB, SPARK, Model
from waypost.matching.internals.records import Record
from waypost.matching.internals.shares import map_shares
from waypost.matching.internals.vectors import (
    GAMMAS,
    VECTORS_TABLE,
    AllPairsOf,
    WeightFloor,
    level_counts_together,
    query_vectors,
    random_sample,
    read_once,
    settings_read_once,
    training_pairs,
)

Progress = Callable[[str], None]
P = ParamSpec("P")
T = TypeVar("T")
MIN_RECORDS_TO_TRAIN = 400
EM_MAX_PAIRS = 400_000
PRESENT = 0.5  # prior probability that a left record has its person in the right file
DUCKDB_MEMORY = "8GB"
# Prediction runs in slices of the left records, so that one slice's blocked pairs and
# their comparison columns are held at a time. Each slice blocks the right records again:
# a 1,000,000-record dedupe predicted in 120 s in 5 slices, 110 s in 3 (8.1 GB at most),
# 111 s in 2 (8.5 GB) and 124 s in one (11.0 GB, DuckDB spilling to disk).
RECORDS_PER_CHUNK = 350_000
# Below this many records a share, a process of its own costs more than it saves.
MIN_FEATURE_SHARE = 2_000
MIN_EXPLAINED_SHARE = 2_000  # left records
# About as many records' feature rows as a process makes while it imports DuckDB and
# Splink and connects (docs/matching.md): this process does that beside a smaller share.
# Since the rows are gathered from per-name parts (features._row) a record costs less,
# and the import as much: FEBRL4's two shares, each timed (CPU) in a process of its own
# with the import in this one's, came out even with 6,500-7,000 records forked, not 6,000.
RECORDS_WHILE_IMPORTING = 3_500


class ScoredPair(NamedTuple):
    """A candidate pair of a batch, scored and explained (a named tuple: a batch makes
    hundreds of thousands, and a frozen dataclass took three times as long to make)."""

    left_id: str
    right_id: str
    score: float
    match: bool
    explanation: str
    match_weight: float


def _db_api(backend: str) -> Any:
    if backend == "duckdb":
        import duckdb

        from waypost.matching.internals.splink_duckdb import SideBySideDuckDBAPI

        con = duckdb.connect()
        # The Python side holds the feature rows for the explanations, so DuckDB gets a
        # bounded share of memory and spills the blocked pairs to disk beyond it.
        spill = tempfile.mkdtemp(prefix="waypost-duckdb-")
        weakref.finalize(con, shutil.rmtree, spill, ignore_errors=True)
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
        con.execute(f"SET temp_directory = '{spill}'")
        con.execute("SET preserve_insertion_order = false")
        install_macros(con)
        return SideBySideDuckDBAPI(connection=con)
    if backend == "spark":
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:  # pragma: no cover - depends on the optional extra
            raise RuntimeError(
                "the spark backend needs pyspark: pip install 'waypost[spark]'"
            ) from exc
        from splink import SparkAPI
        from splink.backends.spark import similarity_jar_location

        spark = (
            SparkSession.builder.master("local[2]")
            .appName("waypost-matching")
            .config("spark.jars", similarity_jar_location())
            .config("spark.driver.memory", "4g")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            # The comparison SQL makes a sort whose generated Java exceeds the JVM's 64 KB
            # per method: Spark logs a long ERROR trace and runs that stage interpreted.
            # Interpreted from the start, 100,000 records link in the same time (198 s
            # against 200 s, the same 20,316 matches) without the alarming trace.
            .config("spark.sql.codegen.wholeStage", "false")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        logging.getLogger("py4j").setLevel(logging.ERROR)
        spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="waypost-spark-"))
        return SparkAPI(spark_session=spark)
    raise ValueError(f"unknown backend {backend!r} (duckdb or spark)")


def _register(db_api: Any, table: Any, name: str, backend: str) -> Any:
    if backend == "spark":
        # Spark 4 takes the Arrow table as it is (types mapped one to one), without pandas.
        # Its session (and so its views) is shared by every linkage in the process: the
        # view gets a name of its own, the records keep ``name`` as their source dataset.
        registered = db_api.register(
            db_api.spark.createDataFrame(table),
            dataset_display_name=name,
            table_name=f"{name}_{uuid.uuid4().hex}",
        )
    else:
        registered = db_api.register(table, dataset_display_name=name)
    return read_once(registered, "columns")


def _drop(tables: Sequence[Any]) -> None:
    """Drop registered input tables: a Spark session outlives the linkage that used it."""
    for table in tables:
        table.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)


U_MAX_PAIRS = 150_000
U_SEED = 1


def _train(
    db_api: Any,
    backend: str,
    linker: Any,
    model: Model,
    ids: dict[str | None, Sequence[int]],
    progress: Progress | None,
) -> None:
    """Re-estimate u (random sampling) and m (EM) of ``model`` on the input, with the
    comparison SQL of ``linker`` (whose own m and u are not used).

    Splink's own u sampling compares the sampled pairs once per comparison; comparing
    them once for all comparisons (:func:`vectors.level_counts`), the sampled records
    crossed in SQL (:class:`vectors.AllPairsOf`), takes a fifth of the time (FEBRL4:
    0.7-0.9 s -> 0.15-0.18 s). EM runs on the level counts of each training rule's
    pairs likewise (:mod:`em`: Splink's two sessions took 0.38 s on FEBRL4).
    """
    if sum(len(v) for v in ids.values()) < MIN_RECORDS_TO_TRAIN:
        return  # too few records to estimate anything: keep the shipped model
    if progress:
        progress("estimating u probabilities by random sampling")
    sample = random_sample(ids, U_MAX_PAIRS, seed=U_SEED)
    drawn = [
        _register(db_api, table, f"wp_random_records_{i}", backend)
        for i, table in enumerate(sample.tables())
    ]
    blocked: list[Any] = []
    try:
        # the pairs of each EM session, then every level count at once: none depends on
        # the model, only what is learnt from them does
        blocked += [training_pairs(linker, rule.sql, EM_MAX_PAIRS) for rule in TRAINING_RULES]
        u_counts, *m_counts = level_counts_together(linker, [AllPairsOf(tuple(drawn)), *blocked])
    finally:
        _drop(drawn)
        for pairs in blocked:
            pairs.drop_table_from_database_and_remove_from_cache()
    if sum(row["n"] for row in u_counts) != sample.pairs:
        # their join keys no longer match Splink's (vectors.join_key): u would not change
        raise RuntimeError("the random pairs for u did not all meet their records")
    model.absorb_u(u_counts)
    if progress:
        progress("estimating m probabilities by expectation maximisation")
    training = MTraining(model)
    for rule, counts in zip(TRAINING_RULES, m_counts, strict=True):
        training.session(rule, counts)
    training.finish()


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector around a batch pass.

    A batch makes millions of small acyclic objects, and each generation-2 collection walks
    all of them (and the large name caches) again: that doubled the feature pass.

    Afterwards, the objects the batch made and kept go straight to the oldest generation
    (frozen, then unfrozen: a move of the list, no walk). Left in the youngest, the
    collector would walk them twice on their way there (FEBRL4: 0.19 s and 0.17 s), and
    one collection of the young generations walked them once (0.16 s). A cycle the batch
    left goes at the next full collection, as any old object's does.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _gamma_to_level(n_levels: int, gamma: int) -> int:
    """Splink numbers levels from the last (0) up, with -1 for null; we count from the top."""
    return 0 if gamma == -1 else n_levels - 1 - gamma


def _linker(
    db_api: Any,
    tables: Any,
    ids: dict[str | None, Sequence[int]],
    model: Model,
    link_type: str,
    backend: str,
    train: bool,
    progress: Progress | None,
) -> Any:
    """The Splink linker of one run, which blocks and holds the comparisons; with
    ``train``, ``model`` takes the m and u re-estimated on the input (``ids``: each
    table's record numbers by source name, see :func:`vectors.random_sample`)."""
    from splink import Linker

    dialect = SPARK if backend == "spark" else DUCKDB
    # Splink's check of the settings against the columns took 0.1 s a linker;
    # tests/test_vectors.py runs it on these settings.
    linker = Linker(
        tables, model.splink_settings(link_type, dialect), log_level=None, validate_settings=False
    )
    settings_read_once(linker)
    _quiet()
    if train:
        _train(db_api, backend, linker, model, ids, progress)
    return linker


def _predicted_chunks(
    linker: Any,
    model: Model,
    top: int | None,
    link: bool,
    min_weight: float,
    n_records: int = 0,
    progress: Progress | None = None,
) -> Iterator[pa.Table]:
    """Ids, match weight and comparison levels of the blocked pairs weighing at least
    ``min_weight``, only the ``top`` per left record if given: one list per slice of the
    left records, so that a large run holds one slice's pairs at a time."""
    if link:
        ids = (
            "CASE WHEN source_dataset_l = 'wp_left' THEN unique_id_l ELSE unique_id_r END AS a, "
            "CASE WHEN source_dataset_l = 'wp_left' THEN unique_id_r ELSE unique_id_l END AS b"
        )
    else:
        ids = "unique_id_l AS a, unique_id_r AS b"
    # S608: every part is an identifier of ours or Splink's, or a number, never user input.
    sql = (
        f"SELECT * FROM (SELECT {ids}, {model.weight_sql()} AS match_weight, {GAMMAS} "  # noqa: S608
        f"FROM {VECTORS_TABLE}) w WHERE match_weight >= {float(min_weight)!r}"
    )
    if top:
        # Within a slice: Splink slices on the pair's l side, which holds every candidate
        # of a left record, as l is always wp_left ("wp_left-__-id" < "wp_right-__-id").
        # The odds of the candidates not kept go along (Model.probabilities).
        ranked = (
            "SELECT *, row_number() OVER (PARTITION BY a ORDER BY match_weight DESC, b) "  # noqa: S608
            f"AS wp_rank FROM ({sql}) f"
        )
        unlisted = (
            f"coalesce(sum(CASE WHEN wp_rank > {int(top)} THEN "
            f"{model.odds_sql('match_weight')} END) OVER (PARTITION BY a), 0e0)"
        )
        sql = (
            f"SELECT * FROM (SELECT *, {unlisted} AS unlisted_odds FROM ({ranked}) r) u "  # noqa: S608
            f"WHERE wp_rank <= {int(top)}"
        )
    # A link ranks the candidates of each left record, and its floor (-30) leaves out
    # almost none: the floor's second join pays off in a dedupe only (FEBRL4: 0.30-0.38 s
    # with it, 0.30-0.36 s without).
    floor = None if link else WeightFloor(model, min_weight)
    chunks = max(1, -(-n_records // RECORDS_PER_CHUNK))
    for chunk in range(1, chunks + 1):
        if progress and chunks > 1:
            progress(f"blocking and scoring slice {chunk} of {chunks} of the records")
        pairs = linker.inference.compute_blocked_pairs_for_predict_chunk(
            left_chunk=(chunk, chunks), right_chunk=(1, 1)
        )
        weighed = query_vectors(linker, pairs, sql, "wp_weighed_pairs", floor)
        pairs.drop_table_from_database_and_remove_from_cache()
        # through Arrow, not pandas: Spark 4 converts to Arrow directly (and warns on pandas 3)
        table = weighed.as_pyarrow_table()
        weighed.drop_table_from_database_and_remove_from_cache()
        # yielded unnamed, so that the slice's pairs go once the consumer has read them
        yield table


def _scored(
    chunks: Iterator[pa.Table],
    model: Model,
    feats_a: list[dict[str, Any]],
    feats_b: list[dict[str, Any]],
    one_match_per_left: bool,
    min_score: float,
    render: Callable[[list[PairTuple]], T],
) -> Iterator[T]:
    """The pairs of each slice, scored and explained, by left record (sorted within a
    slice); the left records of a slice shared out over the cores (:func:`shares.map_shares`),
    as DuckDB has nothing to do meanwhile, and each share's pairs ``render``-ed there."""
    gamma_columns = [f"gamma_{c.name}" for c in COMPARISONS]
    sizes = [len(c.levels) for c in COMPARISONS]
    # a batch has few distinct comparison outcomes: weigh each once, and make the
    # explanation of its pairs once (explain.Template)
    weighed: dict[tuple[int, ...], tuple[Template, float]] = {}
    explainer = Explainer(model)
    # each candidate's id is its sort key among its left record's: read once, not per pair
    right_ids = [str(f["_record"].id) for f in feats_b]
    for table in chunks:
        # by record number (LinkInputs)
        by_left: dict[int, list[tuple[float, int, Template]]] = defaultdict(list)
        # the odds of each left record's candidates beyond --top, where they were cut
        unlisted: dict[int, float] = {}
        # column by column: a dict per row (Table.to_pylist) took twice as long (300,000
        # pairs read: 0.33 s against 0.16 s)
        columns = [table.column(name).to_pylist() for name in ("a", "b", *gamma_columns)]
        if "unlisted_odds" in table.column_names:
            odds = table.column("unlisted_odds").to_pylist()
        else:
            odds = [0.0] * table.num_rows
        del table  # the slice's pairs, no longer needed while they are explained
        for left, right, *gammas, left_odds in zip(*columns, odds, strict=True):
            key = tuple(gammas)
            known = weighed.get(key)
            if known is None:
                levels = [_gamma_to_level(n, g) for n, g in zip(sizes, key, strict=True)]
                known = weighed[key] = (explainer.template(levels), model.match_weight(levels))
            by_left[left].append((known[1], right, known[0]))
            unlisted[left] = left_odds
        del columns

        candidates = _Candidates(
            by_left,
            unlisted,
            model,
            feats_a,
            feats_b,
            right_ids,
            one_match_per_left,
            min_score,
            render,
        )
        yield from map_shares(
            candidates.rendered,
            sorted(by_left, key=candidates.left_id),
            min_share=MIN_EXPLAINED_SHARE,
            size=candidates.count,
        )


# A scored pair as a share of the explanations sends it back: a plain tuple (200,000
# records: 2.9 microseconds a pair to pickle, 4.9 as the frozen dataclass ScoredPair was).
PairTuple = tuple[str, str, float, bool, str, float]


@dataclass(frozen=True)
class _Candidates:
    """The candidates of a slice's left records (by record number), to score and explain by
    share."""

    by_left: dict[int, list[tuple[float, int, Template]]]
    unlisted: dict[int, float]
    model: Model
    feats_a: list[dict[str, Any]]
    feats_b: list[dict[str, Any]]
    right_ids: list[str]  # by record number
    one_match_per_left: bool
    min_score: float
    render: Callable[[list[PairTuple]], Any]

    def count(self, left: int) -> int:
        return len(self.by_left[left])

    def scored(self, lefts: Sequence[int]) -> list[PairTuple]:
        model, out = self.model, []
        right_ids = self.right_ids
        for left in lefts:
            fa = self.feats_a[left]
            cands = sorted(self.by_left[left], key=lambda x: (-x[0], right_ids[x[1]]))
            probs = model.probabilities(
                [w for w, _, _ in cands],
                exclusive=self.one_match_per_left,
                unlisted_odds=self.unlisted[left],
            )
            for rank, ((weight, right, template), prob) in enumerate(
                zip(cands, probs, strict=True)
            ):
                if prob < self.min_score and rank > 0:
                    continue
                match = prob >= model.threshold and (rank == 0 or not self.one_match_per_left)
                fb = self.feats_b[right]
                text = template.explain(fa, fb)
                out.append((fa["_record"].id, fb["_record"].id, prob, match, text, weight))
        return out

    def rendered(self, lefts: Sequence[int]) -> Any:
        return self.render(self.scored(lefts))

    def left_id(self, left: int) -> str:
        return str(self.feats_a[left]["_record"].id)


@dataclass(frozen=True)
class LinkInputs:
    """Record lists made ready for Splink: what the explanations read of each record (one
    list per record list, by record number; see :func:`features.explained`), the database
    with their feature tables registered, and their record numbers by table name (None
    when deduping one list).

    Splink knows a record by its number in its list (``unique_id``, from 0), not by its
    id: joining, hashing and comparing integers made blocking a quarter and comparing a
    sixth faster than the id strings (a slice of 100,000 of 300,000 records deduped:
    1.76 s -> 1.34 s and 3.48 s -> 2.92 s).
    """

    feats: list[list[dict[str, Any]]]
    db_api: Any
    tables: list[Any]
    ids: dict[str | None, Sequence[int]]

    @property
    def feats_l(self) -> list[dict[str, Any]]:
        return self.feats[0]

    @property
    def feats_r(self) -> list[dict[str, Any]]:
        return self.feats[-1]


def prepared_inputs(named: dict[str, Sequence[Record]], backend: str) -> LinkInputs:
    """Features and blocking keys of each list, registered under its table name.

    The feature rows are made on every core (:func:`shares.map_shares`), the records of
    all lists together; of each record, only what its explanations read stays in Python.
    """
    everyone = [r for records in named.values() for r in records]
    databases: list[Any] = []
    shares = map_shares(
        feature_rows,
        everyone,
        min_share=MIN_FEATURE_SHARE,
        meanwhile=lambda: databases.append(_db_api(backend)),
        meanwhile_items=RECORDS_WHILE_IMPORTING,
    )
    (db_api,) = databases
    rows = pa.concat_tables([table for table, _ in shares])
    tokens = [t for _, share_tokens in shares for t in share_tokens]
    feats: list[list[dict[str, Any]]] = []
    row_tables = []
    start = 0
    for records in named.values():
        feats.append(
            [
                explained(r, t)
                for r, t in zip(records, tokens[start : start + len(records)], strict=True)
            ]
        )
        row_tables.append(rows.slice(start, len(records)))
        start += len(records)
    keyed = [_numbered(table) for table in with_block_keys(row_tables)]
    tables = [
        _register(db_api, table, name, backend) for name, table in zip(named, keyed, strict=True)
    ]
    ids: dict[str | None, Sequence[int]] = {
        (name if len(named) > 1 else None): range(len(records)) for name, records in named.items()
    }
    return LinkInputs(feats, db_api, tables, ids)


def _numbered(table: pa.Table) -> pa.Table:
    """``table`` with each record's number in it as its ``unique_id``."""
    numbers = pa.array(range(table.num_rows), pa.int64())
    return table.set_column(table.schema.get_field_index("unique_id"), "unique_id", numbers)


def link_inputs(left: Sequence[Record], right: Sequence[Record], backend: str) -> LinkInputs:
    return prepared_inputs({"wp_left": left, "wp_right": right}, backend)


def link_shares(
    left: Sequence[Record],
    right: Sequence[Record],
    *,
    render: Callable[[list[PairTuple]], T],
    model: Model | None = None,
    top: int = 10,
    backend: str = "duckdb",
    train: bool = True,
    progress: Progress | None = None,
) -> Iterator[T]:
    """:func:`iter_link`'s pairs, each share of them as ``render`` makes it in the
    process that scored and explained them (the command line renders its CSV there)."""
    with no_gc():
        model = (model or Model.default()).copy()
        if progress:
            progress(f"computing name and date features of {len(left) + len(right)} records")
        inputs = link_inputs(left, right, backend)
        # Prior: half the reported persons are in the other file, equally likely any record.
        # Set before training: EM keeps it fixed, and a prior far above the file's own
        # makes EM take pairs of namesakes for matches.
        model.lam = PRESENT / max(len(right), 1)
        linker = _linker(
            inputs.db_api, inputs.tables, inputs.ids, model, "link_only", backend, train, progress
        )
        if progress:
            progress("blocking and scoring candidate pairs")
        chunks = _predicted_chunks(
            linker, model, top, link=True, min_weight=-30, n_records=len(left), progress=progress
        )
        try:
            yield from _scored(
                chunks,
                model,
                inputs.feats_l,
                inputs.feats_r,
                one_match_per_left=True,
                min_score=0.0,
                render=render,
            )
        finally:
            _drop(inputs.tables)


def iter_link(
    left: Sequence[Record],
    right: Sequence[Record],
    *,
    model: Model | None = None,
    top: int = 10,
    backend: str = "duckdb",
    train: bool = True,
    progress: Progress | None = None,
) -> Iterator[ScoredPair]:
    """For each left record its ``top`` best right candidates, scored and explained, as
    they are made: by slice of the left records, sorted by left id within a slice."""
    shares = link_shares(
        left,
        right,
        render=_as_made,
        model=model,
        top=top,
        backend=backend,
        train=train,
        progress=progress,
    )
    for share in shares:
        yield from map(ScoredPair._make, share)


def dedupe_shares(
    records: Sequence[Record],
    *,
    render: Callable[[list[PairTuple]], T],
    model: Model | None = None,
    backend: str = "duckdb",
    train: bool = True,
    min_score: float = 0.05,
    progress: Progress | None = None,
) -> Iterator[T]:
    """:func:`iter_dedupe`'s pairs, rendered by share (see :func:`link_shares`)."""
    with no_gc():
        model = (model or Model.default()).copy()
        if progress:
            progress(f"computing name and date features of {len(records)} records")
        inputs = prepared_inputs({"wp_records": records}, backend)
        (feats,), (table,) = inputs.feats, inputs.tables
        # Prior: half the records have a duplicate, equally likely any other record (see
        # iter_link). The shipped model's prior (1e-4) is 25 times too high at 50,000
        # records; EM then counted namesakes as matches and found dedupe precision 0.20.
        model.lam = PRESENT / max(len(records) - 1, 1)
        linker = _linker(
            inputs.db_api, table, inputs.ids, model, "dedupe_only", backend, train, progress
        )
        if progress:
            progress("blocking and scoring candidate pairs")
        min_weight = model.weight_for_probability(min_score)
        chunks = _predicted_chunks(
            linker,
            model,
            None,
            link=False,
            min_weight=min_weight,
            n_records=len(records),
            progress=progress,
        )
        try:
            yield from _scored(
                chunks,
                model,
                feats,
                feats,
                one_match_per_left=False,
                min_score=min_score,
                render=render,
            )
        finally:
            _drop(inputs.tables)


def iter_dedupe(
    records: Sequence[Record],
    *,
    model: Model | None = None,
    backend: str = "duckdb",
    train: bool = True,
    min_score: float = 0.05,
    progress: Progress | None = None,
) -> Iterator[ScoredPair]:
    """Pairs of records in one list that may be the same person (score >= ``min_score``),
    as they are made (see :func:`iter_link`)."""
    shares = dedupe_shares(
        records,
        render=_as_made,
        model=model,
        backend=backend,
        train=train,
        min_score=min_score,
        progress=progress,
    )
    for share in shares:
        yield from map(ScoredPair._make, share)


def _as_made(pairs: list[PairTuple]) -> list[PairTuple]:
    return pairs


def _listed(stream: Callable[P, Iterator[ScoredPair]]) -> Callable[P, list[ScoredPair]]:
    def listed(*args: P.args, **kwargs: P.kwargs) -> list[ScoredPair]:
        return list(stream(*args, **kwargs))

    listed.__doc__ = f":func:`{stream.__name__}` as a list: {stream.__doc__}"
    return listed


link = _listed(iter_link)
dedupe = _listed(iter_dedupe)


def _quiet() -> None:
    logging.getLogger("splink").setLevel(logging.ERROR)
