"""The four catalogs are complete, correct and compiled, and cover every string in the code."""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _ in settings.LANGUAGES]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{?\s*(\w+)\s*\}?\}|%[sd]")


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def placeholders(text: str) -> list[str]:
    return sorted(match.group(0).replace(" ", "") for match in PLACEHOLDER.finditer(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_has_no_untranslated_or_fuzzy_entry(language):
    po = catalog(language)

    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    for entry in catalog(language).translated_entries():
        translations = (
            [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        )
        for translation in translations:
            assert placeholders(translation) == placeholders(entry.msgid), entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_the_source(language):
    compiled_path = LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"
    with compiled_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    for entry in catalog(language).translated_entries():
        if entry.msgid_plural:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        assert compiled._catalog.get(key) == entry.msgstr, entry.msgid  # type: ignore[attr-defined]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_the_catalogs_cover_every_string_in_the_code(tmp_path):
    """Extract the strings afresh from a copy of the code and compare with the catalog."""
    work = tmp_path / "waypost"
    shutil.copytree(
        settings.BASE_DIR,
        work,
        ignore=shutil.ignore_patterns("tests", "__pycache__", "*.mo", "*.po", "data", "static"),
    )
    (work / "locale").mkdir(exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-location"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    fresh = {
        entry.msgid
        for entry in polib.pofile(str(work / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    }
    committed = {entry.msgid for entry in catalog("en")}

    assert "Sign in" in fresh  # the extraction itself worked
    assert sorted(fresh - committed) == []
