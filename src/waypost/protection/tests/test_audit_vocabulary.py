"""Every action code an app can write to the audit log reads as a sentence in the audit log.

The codes are found in the source itself: every string shaped like an audit code
(``waypost.<area>.<what>``) that is not a module path or a key label, and every f-string
that builds one (``f"waypost.tracing.{model._meta.model_name}.read"``). Each app declares
the sentences of its own codes in its ``audit_vocabulary.py``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from pkgutil import resolve_name

from django.apps import apps

import waypost
from waypost.accounts.roles import OrganisationKind, Role
from waypost.protection.models import ProtectedRecord
from waypost.protection.vocabulary import declared_by_app, describe
from waypost.reporting import services as reporting

CODE = re.compile(r"waypost(\.[a-z0-9_]+){2,}")
SOURCE = Path(waypost.__file__).parent
# Strings of the code's shape that name something else: key derivation labels and purposes,
# signal ids.
NOT_CODES_IN_CALLS = {"derive"}
NOT_CODES_IN_KEYWORDS = {"dispatch_uid"}
NOT_CODES_IN_NAMES = ("_PURPOSE",)


@dataclass(frozen=True)
class Emitted:
    app: str
    where: str
    code: str  # a code, or a pattern whose ``{}`` parts an f-string fills in
    fills: tuple[tuple[str, ...], ...] = ()  # what each ``{}`` can be, when known

    def codes(self, declared: set[str]) -> set[str]:
        """The codes this can be: its own, or those of the declared ones its pattern takes."""
        if "{}" not in self.code:
            return {self.code}
        if self.fills and all(self.fills):
            codes = {self.code}
            for fill in self.fills:
                codes = {c.replace("{}", value, 1) for c in codes for value in fill}
            return codes
        pattern = re.compile(re.escape(self.code).replace(r"\{\}", "[a-z0-9_]+"))
        return {code for code in declared if pattern.fullmatch(code)} or {self.code}


def _is_module_path(text: str) -> bool:
    try:
        resolve_name(text)
    except (ImportError, AttributeError, ValueError):
        return False
    return True


def _fills(node: ast.FormattedValue, app: str) -> tuple[str, ...]:
    """``{x._meta.model_name}`` is one of the app's personal records' model names."""
    if ast.unparse(node.value).endswith("_meta.model_name"):
        return tuple(
            model._meta.model_name
            for model in apps.get_app_config(app).get_models()
            if issubclass(model, ProtectedRecord) and model._meta.model_name
        )
    return ()


def emitted() -> list[Emitted]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("waypost."):
            continue
        root = Path(config.path)
        for path in sorted(root.rglob("*.py")):
            if {"tests", "migrations"} & set(path.relative_to(root).parts):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            skipped = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                    if name in NOT_CODES_IN_CALLS:
                        skipped |= {id(arg) for arg in node.args}
                    skipped |= {
                        id(k.value) for k in node.keywords if k.arg in NOT_CODES_IN_KEYWORDS
                    }
                if isinstance(node, ast.JoinedStr):
                    skipped |= {id(value) for value in node.values}
                if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id.endswith(NOT_CODES_IN_NAMES)
                    for t in node.targets
                ):
                    skipped.add(id(node.value))
            where = str(path.relative_to(SOURCE))
            for node in ast.walk(tree):
                if id(node) in skipped:
                    continue
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    if CODE.fullmatch(node.value) and not _is_module_path(node.value):
                        found.append(Emitted(config.label, f"{where}:{node.lineno}", node.value))
                elif isinstance(node, ast.JoinedStr):
                    parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
                    pattern = "".join(str(part) for part in parts)
                    if CODE.fullmatch(pattern.replace("{}", "x")):
                        fills = tuple(
                            _fills(v, config.label)
                            for v in node.values
                            if isinstance(v, ast.FormattedValue)
                        )
                        found.append(
                            Emitted(config.label, f"{where}:{node.lineno}", pattern, fills)
                        )
    return found


def test_the_scan_finds_the_codes_of_every_app():
    codes = {e.code for e in emitted()}

    assert "waypost.report.submitted" in codes
    assert "waypost.tracing.{}.read" in codes
    assert "waypost.accounts.sign_in.failed" in codes
    assert "waypost.rights.exported" in codes
    assert not any(code.startswith("waypost.tracing.index") for code in codes)


def test_every_audit_code_the_source_can_emit_reads_as_a_sentence():
    """Codes an f-string fills with anything other than a model name are checked below."""
    missing = sorted(
        f"{e.where}: {code}"
        for e in emitted()
        for code in e.codes(set())
        if "{}" not in code and describe(code) == code
    )

    assert missing == []


def test_each_app_declares_the_sentences_of_its_own_codes_and_only_those():
    by_app = {app: set(codes) for app, codes in declared_by_app().items()}
    everything = set().union(*by_app.values())
    emitted_by_app: dict[str, set[str]] = {}
    for e in emitted():
        emitted_by_app.setdefault(e.app, set()).update(e.codes(everything))

    misplaced = {
        app: sorted(codes - emitted_by_app.get(app, set()))
        for app, codes in by_app.items()
        if codes - emitted_by_app.get(app, set())
    }
    assert misplaced == {}


def test_a_code_an_f_string_builds_from_anything_matches_a_declared_code():
    declared = {code for codes in declared_by_app().values() for code in codes}
    unmatched = sorted(
        f"{e.where}: {e.code}" for e in emitted() if any("{}" in c for c in e.codes(declared))
    )

    assert unmatched == []


def test_the_audit_log_shows_a_reporters_submission_as_a_sentence(
    client, make_organisation, make_user
):
    nhri = make_organisation(kind=OrganisationKind.NHRI, country="TUN")
    reporting.channel_set(actor=None, organisation=nhri, accepts_reports=True, countries=["TUN"])
    reporting.report_submit(
        submission=reporting.Submission(
            recipient_slug=nhri.slug, what_happened="x", where="y", when="2025", language="en"
        )
    )
    client.force_login(make_user(nhri, Role.AUDITOR))

    page = client.get("/en/protection/audit/").content.decode()

    assert "a reporter submitted a report" in page
