from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypost.accounts.models import User
from waypost.accounts.permissions import role_required
from waypost.accounts.reauth import recent_authentication_required
from waypost.accounts.roles import Permission
from waypost.core.exceptions import ApplicationError
from waypost.protection import selectors, services
from waypost.protection.forms import AgreementForm, AuditFilterForm
from waypost.protection.vocabulary import describe


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - role_required guarantees it
    return request.user


@role_required(Permission.VIEW_AUDIT)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_entries(user=_user(request), **filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.sentence = describe(entry.action)  # type: ignore[attr-defined]
        entry.every_field = entry.fields == ["*"]  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "protection/audit_log.html",
        {"form": form, "page": page, "query": query},
    )


@role_required(Permission.MANAGE_SHARING)
def agreement_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    assert user.organisation is not None  # noqa: S101 - MANAGE_SHARING implies one
    form = AgreementForm(request.POST or None, provider=user.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_propose(
                actor=user,
                provider=user.organisation,
                recipient=form.cleaned_data["recipient"],
                purpose=form.cleaned_data["purpose"],
                categories=form.cleaned_data["categories"],
                starts_on=form.cleaned_data["starts_on"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "The agreement was proposed. It applies once the other organisation's admin approves it."
                ),
            )
            return redirect("protection:agreements")
    return render(
        request,
        "protection/agreements.html",
        {
            "agreements": selectors.agreements_of(user=user),
            "form": form,
            "today": timezone.localdate(),
        },
    )


AGREEMENT_ACTIONS = ("approve", "reject", "revoke")


@require_POST
@role_required(Permission.MANAGE_SHARING)
@recent_authentication_required(back="protection:agreements")
def agreement_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    # Every action is named: a misspelt or unknown one must never fall through to the
    # most destructive branch (revocation) or to any other.
    if action not in AGREEMENT_ACTIONS:
        return HttpResponseBadRequest(
            _("Unknown action “%(action)s”: choose approve, reject or revoke.")
            % {"action": action},
            content_type="text/plain; charset=utf-8",
        )
    user = _user(request)
    agreement = get_object_or_404(selectors.agreements_of(user=user), pk=pk)
    try:
        if action == "approve":
            services.agreement_approve(actor=user, agreement=agreement)
            messages.success(request, _("You approved the agreement."))
        elif action == "reject":
            services.agreement_reject(actor=user, agreement=agreement)
            messages.success(request, _("You rejected the agreement. It will never apply."))
        else:
            services.agreement_revoke(actor=user, agreement=agreement)
            messages.success(request, _("The agreement was revoked. Sharing stopped at once."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("protection:agreements")
