"""The antemortem form of a report and the postmortem form of remains (``forensic_forms``).

Separate from the record's own edit page: each saves one sealed object through
``services.record_update``, which checks it again, audits the change and matches the
record again, as any change does.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from waypost.accounts.models import User
from waypost.accounts.permissions import role_required
from waypost.accounts.roles import Permission
from waypost.core.exceptions import ApplicationError
from waypost.incidents.selectors import incident_visible_to
from waypost.tracing import forensic, selectors, services
from waypost.tracing.forensic import CHART_ROWS
from waypost.tracing.forensic_forms import (
    PRIMARY_ROWS,
    QUADRANT_LABELS,
    AntemortemForm,
    PostmortemForm,
)
from waypost.tracing.models import MissingPersonReport, PersonRecord, UnidentifiedRemains


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - role_required guarantees it
    return request.user


def _save(
    form: AntemortemForm | PostmortemForm,
    name: str,
    *,
    actor: User,
    record: MissingPersonReport | UnidentifiedRemains,
    **values: Any,
) -> bool:
    if form.errors:  # a range the form read as values, found wrong
        return False
    try:
        services.record_update(actor=actor, record=record, **values)
    except ApplicationError as error:
        errors = error.extra.get("errors", {})
        form.show_errors(errors.get(name, {}) if isinstance(errors.get(name), dict) else {})
        for field, said in errors.items():
            if not isinstance(said, dict):
                form.add_error(field if field in form.fields else None, " ".join(map(str, said)))
        if not errors:
            form.add_error(None, error.message)
        return False
    return True


@role_required(Permission.EDIT_CASES)
def antemortem_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = selectors.record_get(user=user, model=MissingPersonReport, pk=pk)
    assert isinstance(report, MissingPersonReport)  # noqa: S101
    stored = report.antemortem or {}
    form = AntemortemForm(request.POST or None, stored=stored)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, "antemortem", actor=user, record=report, antemortem=form.value(stored))
    ):
        messages.success(request, _("The antemortem data were saved."))
        return redirect(f"{report_url(report)}#antemortem")
    return render(request, "tracing/antemortem.html", {"record": report, "form": form})


@role_required(Permission.EDIT_CASES)
def postmortem_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    remains = selectors.record_get(user=user, model=UnidentifiedRemains, pk=pk)
    assert isinstance(remains, UnidentifiedRemains)  # noqa: S101
    form = PostmortemForm(
        request.POST or None,
        stored=remains.postmortem or {},
        initial={"incident": remains.incident_id},
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("incident")
        incident = incident_visible_to(user=user, pk=chosen) if chosen else None
        if chosen and incident is None:
            form.add_error("incident", _("No such incident."))
        elif _save(
            form,
            "postmortem",
            actor=user,
            record=remains,
            postmortem=form.value(),
            incident=incident,
        ):
            messages.success(request, _("The postmortem data were saved."))
            return redirect(f"{report_url(remains)}#postmortem")
    return render(
        request,
        "tracing/postmortem.html",
        {"record": remains, "form": form, "incident": remains.incident},
    )


def report_url(record: MissingPersonReport | UnidentifiedRemains) -> str:
    kind = "missing" if isinstance(record, MissingPersonReport) else "remains"
    return reverse("tracing:detail", kwargs={"kind": kind, "pk": record.pk})


class _ShownQuadrant:
    def __init__(self, chart: dict[str, str], teeth: tuple[str, ...]) -> None:
        self.number = teeth[0][0]
        self.label = QUADRANT_LABELS[self.number]
        self.teeth = [(tooth, chart.get(tooth, "")) for tooth in teeth]


def forensic_shown(record: PersonRecord) -> dict[str, Any]:
    """What the record page shows of a report's antemortem or remains' postmortem data."""
    if isinstance(record, MissingPersonReport):
        data, kind = record.antemortem or {}, "antemortem"
    elif isinstance(record, UnidentifiedRemains):
        data, kind = record.postmortem or {}, "postmortem"
    else:
        return {}
    chart = data.get("dental", {})
    primary = any(tooth in chart for tooth in forensic.PRIMARY_TEETH)
    return {
        "forensic_kind": kind,
        "forensic": data,
        "dental_rows": [[_ShownQuadrant(chart, half) for half in row] for row in CHART_ROWS]
        if chart
        else [],
        "primary_rows": [[_ShownQuadrant(chart, half) for half in row] for row in PRIMARY_ROWS]
        if primary
        else [],
    }
