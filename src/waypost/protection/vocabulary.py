"""The audit log's vocabulary: what each action code says, in the auditor's language.

Each app declares the sentences of the codes it writes in its own ``audit_vocabulary.py``
(``AUDIT_SENTENCES = {"waypost.<area>.<what>": gettext_lazy("...")}``), found the way its
dashboard cards are (``core.plugins.app_modules``), as pretix plugins register theirs: an
app brings its sentences along, and the audit log needs no list of every app. A test reads
the source for every code an app can write and checks that the same app declares it.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from waypost.core.plugins import app_modules


@cache
def declared_by_app() -> dict[str, dict[str, str | Promise]]:
    """Each app's label and the sentences it declares, by code."""
    by_app: dict[str, dict[str, str | Promise]] = {}
    owner: dict[str, str] = {}
    for module in app_modules("audit_vocabulary"):
        config = apps.get_containing_app_config(module.__name__)
        assert config is not None  # noqa: S101 - app_modules yields installed apps' modules
        declared = dict(getattr(module, "AUDIT_SENTENCES", {}))
        for code in declared:
            if code in owner:
                raise ImproperlyConfigured(
                    f"Audit code {code} is declared by both {owner[code]} and {config.label}."
                )
            owner[code] = config.label
        by_app[config.label] = declared
    return by_app


def sentences() -> dict[str, str | Promise]:
    return {
        code: text for declared in declared_by_app().values() for code, text in declared.items()
    }


def describe(action: str) -> str:
    """The sentence for ``action`` in the active language, or the code itself if none."""
    return str(sentences().get(action, action))
