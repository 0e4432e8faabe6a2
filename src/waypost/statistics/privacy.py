"""Differentially private counts through OpenDP.

The privacy unit is one person counted (a dead or missing person, a tracing record): adding
or removing one changes one cell of a table by one, so the L1 sensitivity of the whole
table is 1 and the discrete Laplace mechanism over the vector of cells with scale 1/epsilon
spends epsilon. OpenDP computes the epsilon from the measurement itself (``map(1)``), and
that number, not the one asked for, is what a release records.
"""

from __future__ import annotations

from collections.abc import Sequence

import opendp.prelude as dp

# OpenDP's integer atoms are 32-bit.
MAX_COUNT = 2**31 - 1


def private_counts(values: Sequence[int], *, epsilon: float) -> tuple[list[int], float]:
    """Noisy counts (negative ones set to 0, which is post-processing) and the epsilon spent."""
    if not epsilon > 0:
        raise ValueError("epsilon must be positive")
    # Laplace mechanisms in OpenDP are "contrib": vetted by the library's maintainers but
    # outside its formally proven core.
    dp.enable_features("contrib")
    measurement = dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=1.0 / epsilon
    )
    noisy = measurement([min(int(v), MAX_COUNT) for v in values])
    return [max(0, int(v)) for v in noisy], float(measurement.map(1))
