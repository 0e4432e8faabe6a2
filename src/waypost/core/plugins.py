"""Finding what each Waypost app contributes (dashboard cards, demo data, ...).

An app contributes by having a module of a known name (``dashboard.py``, ``demo.py``);
this keeps the platform free of imports of every capability app.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> Iterator[ModuleType]:
    """Yield ``<app>.<name>`` for each installed Waypost app that has it, in app order."""
    for config in apps.get_app_configs():
        if not config.name.startswith("waypost."):
            continue
        try:
            yield import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{name}":
                raise
