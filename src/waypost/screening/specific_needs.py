"""UNHCR's specific needs codes, shipped as data (``data/unhcr_specific_needs.json``).

The list is proGres's own table of specific needs (113 codes in 12 groups); its source,
licence and the one normalisation made are in the JSON file, which this module reads once.
Codes are written as UNHCR writes them (``SC-UC``); each group's own code (``SC``) is the
general code of the group. A short ``supplement`` holds codes seen in use elsewhere but not
in proGres's table (``verified`` false); they stay valid so that mappings using them keep
working, and the concerns page marks them as outside proGres's list.
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
    verified: bool = True  # in proGres's table


@cache
def catalogue() -> dict[str, Any]:
    text = files("waypost.screening").joinpath("data/unhcr_specific_needs.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def specific_needs() -> dict[str, SpecificNeed]:
    needs = {
        item["code"]: SpecificNeed(item["code"], item["label"], group["code"])
        for group in catalogue()["groups"]
        for item in group["codes"]
    }
    for item in catalogue().get("supplement", {}).get("codes", []):
        needs[item["code"]] = SpecificNeed(
            item["code"], item["label"], item["group"], bool(item.get("verified", False))
        )
    return needs


@cache
def groups() -> dict[str, str]:
    """Each group's code and UNHCR's name for it, in the list's order."""
    return {group["code"]: group["label"] for group in catalogue()["groups"]}


def source() -> str:
    return str(catalogue()["source"])


def group_of(code: str) -> str:
    return code.split("-", 1)[0]
