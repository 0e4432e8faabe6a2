from django.urls import path

from waypost.reporting import views

app_name = "reporting"

urlpatterns = [
    # Reporters: no account.
    path("report/", views.report_start, name="start"),
    path("report/simple/", views.report_start, {"simple": True}, name="start_simple"),
    path("report/follow-up/", views.follow_up, name="follow_up"),
    path("report/follow-up/status/", views.status, name="status"),
    path("report/follow-up/reply/", views.reply, name="reply"),
    path("report/follow-up/evidence/", views.evidence, name="evidence"),
    path("report/follow-up/leave/", views.leave, name="leave"),
    path(
        "report/follow-up/referrals/<uuid:report_referral_id>/consent/",
        views.referral_consent,
        name="referral_consent",
    ),
    path(
        "report/follow-up/transfers/<uuid:transfer_id>/consent/",
        views.transfer_consent,
        name="transfer_consent",
    ),
    path("report/statistics/", views.statistics, name="statistics"),
    # Handlers and custodians.
    path("reports/", views.inbox, name="inbox"),
    path("reports/identity-requests/", views.disclosures, name="disclosures"),
    path("reports/overdue/", views.overdue_list, name="overdue"),
    path(
        "reports/identity-requests/<int:disclosure_id>/decide/",
        views.disclosure_decide,
        name="disclosure_decide",
    ),
    path("reports/events/", views.event_list, name="events"),
    path("reports/events/<uuid:event_id>/", views.event_detail, name="event"),
    path(
        "reports/events/<uuid:event_id>/unlink/<uuid:public_id>/",
        views.event_unlink,
        name="event_unlink",
    ),
    path("reports/<uuid:public_id>/", views.report_detail, name="detail"),
    path("reports/<uuid:public_id>/event/", views.event_link, name="event_link"),
    path("reports/<uuid:public_id>/message/", views.handler_message, name="message"),
    path("reports/<uuid:public_id>/triage/", views.triage, name="triage"),
    path("reports/<uuid:public_id>/outcome/", views.outcome, name="outcome"),
    path("reports/<uuid:public_id>/assign/", views.assign, name="assign"),
    path("reports/<uuid:public_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path(
        "reports/<uuid:public_id>/handling/<slug:part>/",
        views.handling_add,
        name="handling_add",
    ),
    path(
        "reports/<uuid:public_id>/referrals/<uuid:report_referral_id>/<slug:referral_step>/",
        views.referral_step,
        name="referral_step",
    ),
    path("reports/<uuid:public_id>/identity/", views.identity_request, name="identity_request"),
    path(
        "reports/<uuid:public_id>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("reports/<uuid:public_id>/document/", views.document, name="document"),
    path("reports/<uuid:public_id>/document/<slug:part>/", views.document_add, name="document_add"),
]
