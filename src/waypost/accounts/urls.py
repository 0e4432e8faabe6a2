from django.urls import path

from waypost.accounts import reauth, two_factor, views, webauthn

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "invitation/<uidb64>/<token>/",
        views.AcceptInvitationView.as_view(),
        name="accept_invitation",
    ),
    path("two-factor/", two_factor.two_factor, name="two_factor"),
    path("two-factor/recovery/", two_factor.two_factor_recovery, name="two_factor_recovery"),
    path("two-factor/recovery-codes/", two_factor.recovery_codes, name="recovery_codes"),
    path("confirm/", reauth.reauthenticate, name="reauthenticate"),
    path("two-factor/passkeys/", webauthn.passkeys, name="passkeys"),
    path(
        "two-factor/passkeys/<int:credential_id>/remove/",
        webauthn.passkey_remove,
        name="passkey_remove",
    ),
    path(
        "two-factor/passkeys/registration/begin/",
        webauthn.BeginRegistration.as_view(),
        name="passkey_registration_begin",
    ),
    path(
        "two-factor/passkeys/registration/complete/",
        webauthn.CompleteRegistration.as_view(),
        name="passkey_registration_complete",
    ),
    path(
        "two-factor/passkeys/authentication/begin/",
        webauthn.BeginAuthentication.as_view(),
        name="passkey_authentication_begin",
    ),
    path(
        "two-factor/passkeys/authentication/complete/",
        webauthn.CompleteAuthentication.as_view(),
        name="passkey_authentication_complete",
    ),
    path(
        "two-factor/passkeys/messages.js", webauthn.PasskeyCatalog.as_view(), name="passkey_catalog"
    ),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/end/", views.session_end, name="session_end"),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<slug:slug>/", views.organisation_edit, name="organisation_edit"),
    path("members/", views.member_list, name="members"),
    path("members/invite/", views.member_invite, name="invite"),
    path("members/<int:member_id>/role/", views.member_change_role, name="change_role"),
    path("members/<int:member_id>/active/", views.member_set_active, name="set_active"),
    path(
        "members/<int:member_id>/sessions/end/",
        views.member_end_sessions,
        name="member_end_sessions",
    ),
    path(
        "members/<int:member_id>/two-factor/reset/",
        views.member_reset_two_factor,
        name="reset_two_factor",
    ),
]
