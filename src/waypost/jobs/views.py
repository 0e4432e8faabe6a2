from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from waypost.accounts.models import User
from waypost.core.exceptions import NotFound
from waypost.jobs import selectors


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - login_required guarantees it
    return request.user


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = selectors.jobs_visible_to(user=_user(request)).select_related("created_by")[:100]
    return render(request, "jobs/list.html", {"jobs": jobs})


@login_required
def job_detail(request: HttpRequest, job_id: str) -> HttpResponse:
    """The job page; htmx polls it and swaps in only the progress block until it ends."""
    try:
        job = selectors.job_get(user=_user(request), job_id=job_id)
    except NotFound as exc:
        raise Http404 from exc
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})
