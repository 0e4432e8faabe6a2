from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from waypost.accounts import selectors, services
from waypost.accounts.forms import (
    ChangeRoleForm,
    InviteMemberForm,
    OrganisationEditForm,
    OrganisationForm,
    ResetTwoFactorForm,
    ThrottledAuthenticationForm,
    ThrottledPasswordChangeForm,
    TokenCreateForm,
)
from waypost.accounts.models import User
from waypost.accounts.password_strength import Strength, password_strength
from waypost.accounts.permissions import role_required
from waypost.accounts.reauth import recent_authentication_required
from waypost.accounts.roles import Permission
from waypost.accounts.sessions import key_hash
from waypost.core.exceptions import ApplicationError


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    form_class = ThrottledAuthenticationForm


class LogoutView(auth_views.LogoutView):
    """Sign out, and ask the browser to drop what it kept of the session (ASVS 8.2.3).

    Pages are sent ``no-store``, but a browser may still hold copies (the back-button
    cache, storage written by a script); ``Clear-Site-Data`` removes them on a shared
    computer. Cookies are cleared by the logout itself, and clearing all of them here
    would also drop the visitor's language choice.
    """

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """A signed-in user changes their password: the current one first, then the new one."""

    template_name = "accounts/password_change.html"
    form_class = ThrottledPasswordChangeForm
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        user = services.password_change(
            actor=form.user, new_password=form.cleaned_data["new_password1"]
        )
        # Keep this session; every other session of the user ends with the old hash.
        update_session_auth_hash(self.request, user)
        messages.success(
            self.request,
            _("Your password was changed. Your other sessions, on other devices, were signed out."),
        )
        _tell_strength(self.request, form.cleaned_data["new_password1"], user)
        return redirect(self.get_success_url())

    def form_invalid(self, form):  # type: ignore[no-untyped-def]
        return self.render_to_response(
            self.get_context_data(form=form, password_strength=_sent_strength(form))
        )


def _sent_strength(form: Any) -> Strength | None:
    """The estimate of the new password sent with a refused form (ASVS 2.1.8), if one was."""
    sent = form.data.get("new_password1", "")
    return password_strength(sent, form.user) if sent else None


def _tell_strength(request: HttpRequest, password: str, user: User) -> None:
    strength = password_strength(password, user)
    messages.info(
        request,
        _("Strength of your new password: %(level)s (an estimate).") % {"level": strength.label},
    )


class AcceptInvitationView(auth_views.PasswordResetConfirmView):
    """The invitee chooses a password through the one-time link an admin gave them."""

    template_name = "accounts/accept_invitation.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, _("Your password is set. You can now sign in."))
        _tell_strength(self.request, form.cleaned_data["new_password1"], form.user)
        return super().form_valid(form)

    def form_invalid(self, form):  # type: ignore[no-untyped-def]
        return self.render_to_response(
            self.get_context_data(form=form, password_strength=_sent_strength(form))
        )


def _invitation_url(request: HttpRequest, member: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    token = default_token_generator.make_token(member)
    return request.build_absolute_uri(
        reverse("accounts:accept_invitation", kwargs={"uidb64": uid, "token": token})
    )


def _admin(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - role_required guarantees a signed-in user
    return user


@role_required(Permission.MANAGE_MEMBERS)
def member_list(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    assert admin.organisation is not None  # noqa: S101 - MANAGE_MEMBERS implies one
    return render(
        request,
        "accounts/members.html",
        {
            "members": selectors.organisation_members(organisation=admin.organisation),
            "invite_form": InviteMemberForm(),
            "role_form_class": ChangeRoleForm,
        },
    )


@role_required(Permission.MANAGE_MEMBERS)
def member_invite(request: HttpRequest) -> HttpResponse:
    form = InviteMemberForm(request.POST or None)
    invitation_url = None
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_invite(actor=_admin(request), **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            invitation_url = _invitation_url(request, member)
            messages.success(request, _("%(name)s was invited.") % {"name": member.username})
    return render(request, "accounts/invite.html", {"form": form, "invitation_url": invitation_url})


def _admin_and_member(request: HttpRequest, member_id: int) -> tuple[User, User]:
    """The signed-in admin and a member of their organisation (NotFound for any other)."""
    admin = _admin(request)
    assert admin.organisation is not None  # noqa: S101 - MANAGE_MEMBERS implies one
    return admin, selectors.member_get(organisation=admin.organisation, member_id=member_id)


@require_POST
@role_required(Permission.MANAGE_MEMBERS)
def member_change_role(request: HttpRequest, member_id: int) -> HttpResponse:
    admin, member = _admin_and_member(request, member_id)
    form = ChangeRoleForm(request.POST)
    if form.is_valid():
        try:
            services.member_change_role(actor=admin, member=member, role=form.cleaned_data["role"])
            messages.success(
                request, _("The role of %(name)s was changed.") % {"name": member.username}
            )
        except ApplicationError as error:
            messages.error(request, error.message)
    return redirect("accounts:members")


@require_POST
@role_required(Permission.MANAGE_MEMBERS)
def member_set_active(request: HttpRequest, member_id: int) -> HttpResponse:
    admin, member = _admin_and_member(request, member_id)
    active = request.POST.get("active") == "1"
    try:
        services.member_set_active(actor=admin, member=member, active=active)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if active:
            messages.success(request, _("%(name)s was reactivated.") % {"name": member.username})
        else:
            messages.success(request, _("%(name)s was deactivated.") % {"name": member.username})
    return redirect("accounts:members")


@role_required(Permission.MANAGE_MEMBERS)
@recent_authentication_required
def member_reset_two_factor(request: HttpRequest, member_id: int) -> HttpResponse:
    """Remove the authenticator app a member lost, once the admin has checked who asks."""
    admin, member = _admin_and_member(request, member_id)
    form = ResetTwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_reset(actor=admin, member=member)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "The second factor of %(name)s was reset. They were signed out and will "
                    "set up an authenticator app when they next sign in."
                )
                % {"name": member.username},
            )
        return redirect("accounts:members")
    return render(request, "accounts/two_factor_reset.html", {"form": form, "member": member})


# Organisations of the installation: the operator's pages for what `waypost orgs` does.


def _organisations_manager(request: HttpRequest) -> User:
    user = _admin(request)
    if not selectors.may_manage_organisations(user):
        raise PermissionDenied
    return user


@role_required(Permission.MANAGE_ORGANISATIONS)
def organisation_list(request: HttpRequest) -> HttpResponse:
    _organisations_manager(request)
    return render(
        request, "accounts/organisations.html", {"organisations": selectors.organisations_all()}
    )


@role_required(Permission.MANAGE_ORGANISATIONS)
def organisation_create(request: HttpRequest) -> HttpResponse:
    _organisations_manager(request)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                actor=_organisations_manager(request), **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(name)s was created, with the short name %(slug)s.")
                % {"name": organisation.name, "slug": organisation.slug},
            )
            return redirect("accounts:organisations")
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": None})


@role_required(Permission.MANAGE_ORGANISATIONS)
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    manager = _organisations_manager(request)
    organisation = selectors.organisation_get(slug=slug)
    initial = {
        "name": organisation.name,
        "kind": organisation.kind,
        "country": organisation.country,
        "languages": ", ".join(organisation.languages),
        "is_active": organisation.is_active,
    }
    form = OrganisationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=manager, organisation=organisation, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": organisation.name})
            return redirect("accounts:organisations")
    return render(
        request,
        "accounts/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


# The signed-in person's own API tokens (issue 42).


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """List one's tokens and create one; a new token is shown once, in this answer only.

    Creating one asks for the password again when the sign-in is not recent (``reauth``).
    """
    if request.method == "POST":
        return _token_create(request)
    return _token_page(request, TokenCreateForm(role=_admin(request).role))


@recent_authentication_required
def _token_create(request: HttpRequest) -> HttpResponse:
    person = _admin(request)
    form = TokenCreateForm(request.POST or None, role=person.role)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            new_token = services.token_create(
                actor=person,
                user=person,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                lifetime=timedelta(days=form.cleaned_data["expires_in_days"]),
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            form = TokenCreateForm(role=person.role)
    return _token_page(request, form, new_token)


def _token_page(
    request: HttpRequest, form: TokenCreateForm, new_token: str | None = None
) -> HttpResponse:
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": selectors.tokens_of(user=_admin(request)),
            "now": timezone.now(),
        },
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    person = _admin(request)
    token = services.token_revoke_by_id(actor=person, token_id=token_id)
    messages.success(request, _("The token %(prefix)s… was revoked.") % {"prefix": token.prefix})
    return redirect("accounts:tokens")


# The signed-in person's browser sessions (issue 42, ASVS 3.3.4).


def _current_session_id(request: HttpRequest) -> str:
    return key_hash(request.session.session_key or "")


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    person = _admin(request)
    return render(
        request,
        "accounts/sessions.html",
        {
            "sessions": selectors.sessions_of(user=person),
            "current_session_id": _current_session_id(request),
        },
    )


@require_POST
@login_required
def session_end(request: HttpRequest) -> HttpResponse:
    """End one session, or with ``others`` all but this one; ending this one signs out."""
    person = _admin(request)
    current = _current_session_id(request)
    if request.POST.get("others") == "1":
        ended = services.sessions_end_others(actor=person, current_session_id=current)
        messages.success(
            request,
            ngettext(
                "%(count)d other session was ended.",
                "%(count)d other sessions were ended.",
                ended,
            )
            % {"count": ended},
        )
        return redirect("accounts:sessions")
    session_id = request.POST.get("session", "")
    services.session_end(actor=person, session_id=session_id)
    if session_id == current:
        logout(request)
        return redirect("accounts:login")
    messages.success(request, _("The session was ended: that device is signed out."))
    return redirect("accounts:sessions")


@require_POST
@role_required(Permission.MANAGE_MEMBERS)
def member_end_sessions(request: HttpRequest, member_id: int) -> HttpResponse:
    admin, member = _admin_and_member(request, member_id)
    if member.pk == admin.pk:
        messages.error(request, _("To end your own sessions, use the page of your sessions."))
        return redirect("accounts:members")
    services.member_sessions_end(actor=admin, member=member)
    messages.success(
        request, _("%(name)s was signed out on every device.") % {"name": member.username}
    )
    return redirect("accounts:members")
