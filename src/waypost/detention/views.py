"""Pages of detention oversight: detentions, their register and clocks, facilities, alerts."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib.resources import files
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from waypost.accounts.models import User
from waypost.accounts.permissions import role_required
from waypost.accounts.roles import Permission
from waypost.core.exceptions import ApplicationError
from waypost.detention import selectors, services
from waypost.detention.forms import (
    AlternativeForm,
    DetentionEditForm,
    DetentionForm,
    EventForm,
    FollowUpForm,
    ReleaseForm,
    ReviewForm,
    TransferForm,
    VisitForm,
)
from waypost.protection.audit import audit_record


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - role_required guarantees it
    return request.user


@role_required(Permission.VIEW_PERSONAL_DATA)
def detention_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    detentions = list(selectors.detentions_visible_to(user=user)[:500])
    selectors.detentions_listed(user=user, records=detentions)
    now = timezone.now()
    rows = [
        (d, selectors.consular_state_of(d, now=now) if selectors.is_own(user, d) else None)
        for d in detentions
    ]
    return render(
        request,
        "detention/list.html",
        {
            "rows": rows,
            "can_edit": user.has_role_permission(Permission.EDIT_CASES)
            and not selectors.is_consulate(user),
            "children": selectors.children_detained(user=user).count(),
            "overdue": len(selectors.consular_overdue(user=user, now=now)),
            "consulate": selectors.is_consulate(user),
        },
    )


@role_required(Permission.EDIT_CASES)
def detention_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = DetentionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            detention = services.detention_create(actor=user, **form.service_values())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("detention:detail", pk=detention.pk)
    return render(request, "detention/form.html", {"form": form})


@role_required(Permission.EDIT_CASES)
def detention_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    detention = selectors.own_detention_get(user=user, pk=pk)
    form = DetentionEditForm(request.POST or None, initial=DetentionEditForm.initial_for(detention))
    if request.method == "POST" and form.is_valid():
        try:
            services.detention_update(
                actor=user, detention=detention, values=form.update_values(detention)
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("detention:detail", pk=detention.pk)
    return render(request, "detention/form.html", {"form": form, "detention": detention})


@role_required(Permission.VIEW_PERSONAL_DATA)
def detention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    detention = selectors.detention_get(user=user, pk=pk)
    own = selectors.is_own(user, detention)
    can_edit = own and user.has_role_permission(Permission.EDIT_CASES)
    can_consent = (
        own
        and detention.asylum_seeker
        and user.has_role_permission(Permission.SUPERVISE_PROTECTION)
    )
    state = selectors.consular_state_of(detention)
    return render(
        request,
        "detention/detail.html",
        {
            "detention": detention,
            "own": own,
            "can_edit": can_edit,
            "state": state,
            "duration": selectors.duration_of(detention),
            "missing": selectors.register_missing(detention) if own else [],
            "events": selectors.events_for(detention) if own else [],
            "transfers": selectors.transfers_for(detention) if own else [],
            "event_form": EventForm(with_consent=can_consent, prefix="event")
            if can_edit or can_consent
            else None,
            "transfer_form": TransferForm(prefix="transfer")
            if can_edit and not detention.released_at
            else None,
            "release_form": ReleaseForm(prefix="release")
            if can_edit and not detention.released_at
            else None,
            "review_form": ReviewForm(prefix="review") if can_edit else None,
            "alternative_form": AlternativeForm(prefix="alternative") if can_edit else None,
        },
    )


def _record_step(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    service: Callable[..., object],
    **form_options: Any,
) -> HttpResponse:
    """A form of the record's page: the service records it; what is wrong comes back as a
    message on the record's page, where every form of it stands."""
    user = _user(request)
    detention = selectors.own_detention_get(user=user, pk=pk)
    form = form_class(request.POST, **form_options)
    if form.is_valid():
        try:
            service(actor=user, detention=detention, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("detention:detail", pk=detention.pk)


@require_POST
@role_required(Permission.VIEW_PERSONAL_DATA)
def event_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_step(
        request, pk, EventForm, services.event_record, with_consent=True, prefix="event"
    )


@require_POST
@role_required(Permission.EDIT_CASES)
def transfer_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_step(request, pk, TransferForm, services.detention_transfer, prefix="transfer")


@require_POST
@role_required(Permission.EDIT_CASES)
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_step(request, pk, ReviewForm, services.review_add, prefix="review")


@require_POST
@role_required(Permission.EDIT_CASES)
def alternative_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_step(
        request, pk, AlternativeForm, services.alternative_add, prefix="alternative"
    )


@require_POST
@role_required(Permission.EDIT_CASES)
def release(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_step(request, pk, ReleaseForm, services.detention_release, prefix="release")


@role_required(Permission.VIEW_PERSONAL_DATA)
def own_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's own file (Mandela Rule 9), printed for them when they ask."""
    user = _user(request)
    detention = selectors.own_detention_get(user=user, pk=pk)
    audit_record(
        actor=user,
        action="waypost.detention.own_file.given",
        record=detention,
        purpose=selectors.PURPOSE,
    )
    return render(
        request,
        "detention/own_file.html",
        {
            "detention": detention,
            "state": selectors.consular_state_of(detention),
            "events": selectors.events_for(detention),
            "transfers": selectors.transfers_for(detention),
        },
    )


@role_required(Permission.VIEW_PERSONAL_DATA)
def children(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = list(selectors.children_detained(user=user))
    selectors.detentions_listed(user=user, records=rows)
    return render(request, "detention/children.html", {"rows": rows})


@role_required(Permission.VIEW_PERSONAL_DATA)
def overdue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    now = timezone.now()
    rows = [
        (d, selectors.consular_state_of(d, now=now))
        for d in selectors.consular_overdue(user=user, now=now)
    ]
    selectors.detentions_listed(user=user, records=[d for d, _state in rows])
    return render(request, "detention/overdue.html", {"rows": rows})


@cache
def _land() -> str:
    """Natural Earth land outlines as SVG path data, the incident map's basemap (public
    domain: incidents/basemap/ATTRIBUTION.md), read as a data file."""
    return (
        files("waypost.incidents").joinpath("basemap/land-110m.svgpath").read_text(encoding="utf-8")
    )


@role_required(Permission.VIEW_PERSONAL_DATA)
def facilities(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = list(selectors.facilities_all())
    return render(
        request,
        "detention/facilities.html",
        {
            "facilities": rows,
            "map": selectors.facility_map(rows),
            "land": _land(),
            "completeness": selectors.own_completeness(user=user),
        },
    )


@role_required(Permission.VIEW_PERSONAL_DATA)
def visits(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "detention/visits.html",
        {
            "visits": list(selectors.visits_visible_to(user=user)[:500]),
            "can_edit": user.has_role_permission(Permission.EDIT_CASES),
        },
    )


@role_required(Permission.EDIT_CASES)
def visit_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_create(actor=user, **form.service_values())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("detention:visit", pk=visit.pk)
    return render(request, "detention/visit_form.html", {"form": form})


@role_required(Permission.VIEW_PERSONAL_DATA)
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The visit's report, in the reader's language (the monitors' own words as written)."""
    user = _user(request)
    visit = selectors.visit_get(user=user, pk=pk)
    can_edit = user.has_role_permission(Permission.EDIT_CASES)
    return render(
        request,
        "detention/visit.html",
        {
            "visit": visit,
            "findings": list(visit.findings.all()),
            "recommendations": [
                (
                    r,
                    FollowUpForm(initial={"status": r.status}, prefix=f"r{r.pk}")
                    if can_edit
                    else None,
                )
                for r in visit.recommendations.all()
            ],
        },
    )


@require_POST
@role_required(Permission.EDIT_CASES)
def recommendation_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    recommendation = selectors.recommendation_get(user=user, pk=pk)
    form = FollowUpForm(request.POST, prefix=f"r{recommendation.pk}")
    if form.is_valid():
        services.recommendation_follow_up(
            actor=user, recommendation=recommendation, status=form.cleaned_data["status"]
        )
    return redirect("detention:visit", pk=recommendation.visit_id)


@role_required(Permission.VIEW_PERSONAL_DATA)
def statistics(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request, "detention/statistics.html", {"figures": selectors.statistics(user=user)}
    )
