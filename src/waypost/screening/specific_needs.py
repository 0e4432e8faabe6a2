"""UNHCR's standardised specific needs codes, shipped as data (``data/unhcr_specific_needs.json``).

The list, its groups and its source are in the JSON file; this module reads it once. Codes
are written as UNHCR writes them (``SC-UC``); each group's own code (``SC``) is the general
code of the group.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any


@dataclass(frozen=True)
class SpecificNeed:
    code: str
    label: str  # UNHCR's English description
    group: str


@cache
def catalogue() -> dict[str, Any]:
    text = files("waypost.screening").joinpath("data/unhcr_specific_needs.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def specific_needs() -> dict[str, SpecificNeed]:
    return {
        item["code"]: SpecificNeed(item["code"], item["label"], group["code"])
        for group in catalogue()["groups"]
        for item in group["codes"]
    }


def source() -> str:
    return str(catalogue()["source"])


def group_of(code: str) -> str:
    return code.split("-", 1)[0]
