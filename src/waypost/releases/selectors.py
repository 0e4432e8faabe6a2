"""Reads for statistical releases: the tables each dataset can give, through each app's
selectors, and the release log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from waypost.incidents import selectors as incidents
from waypost.releases.models import StatisticalRelease
from waypost.tracing import selectors as tracing


@dataclass(frozen=True)
class Dataset:
    dimensions: tuple[str, ...]
    counts: Callable[[tuple[str, ...]], dict[tuple[Any, ...], int]]


# Screenings, referrals and detentions join here through their own apps' selectors, each
# giving counts per combination of its public categories.
DATASETS: dict[str, Dataset] = {
    "incidents": Dataset(incidents.RELEASE_DIMENSIONS, incidents.dead_and_missing_counts),
    # Only reports whose enquirer consents to statistical use (tracing.selectors).
    "missing-persons": Dataset(tracing.STATISTICS_DIMENSIONS, tracing.missing_person_counts),
}


def dataset_counts(dataset: str, by: tuple[str, ...]) -> dict[tuple[Any, ...], int]:
    return DATASETS[dataset].counts(by)


def releases_logged(*, dataset: str = "") -> QuerySet[StatisticalRelease]:
    releases = StatisticalRelease.objects.all()
    if dataset:
        releases = releases.filter(dataset=dataset)
    return releases
