from django.urls import path

from waypost.reporting import apis

urlpatterns = [
    path("", apis.ReportCreateApi.as_view(), name="report-create"),
    path("status/", apis.ReportStatusApi.as_view(), name="report-status"),
    path("status/messages/", apis.ReportReplyApi.as_view(), name="report-reply"),
    path("status/attachments/", apis.ReportEvidenceApi.as_view(), name="report-evidence"),
    path(
        "status/referrals/<uuid:report_referral_id>/consent/",
        apis.ReportReferralConsentApi.as_view(),
        name="report-referral-consent",
    ),
    path(
        "status/transfers/<uuid:transfer_id>/consent/",
        apis.ReportTransferConsentApi.as_view(),
        name="report-transfer-consent",
    ),
    path("status/safe-contact/", apis.ReportSafeContactApi.as_view(), name="report-safe-contact"),
    path("recipients/", apis.ReportRecipientListApi.as_view(), name="report-recipients"),
    path("statistics/", apis.ReportStatisticsApi.as_view(), name="report-statistics"),
    path("events/", apis.SharedEventListApi.as_view(), name="report-events"),
    path("events/<uuid:event_id>/", apis.SharedEventDetailApi.as_view(), name="report-event"),
    path(
        "events/<uuid:event_id>/reports/",
        apis.SharedEventReportsApi.as_view(),
        name="report-event-reports",
    ),
    path(
        "events/<uuid:event_id>/reports/<uuid:public_id>/",
        apis.SharedEventReportUnlinkApi.as_view(),
        name="report-event-unlink",
    ),
    path("inbox/", apis.ReportListApi.as_view(), name="report-list"),
    path("<uuid:public_id>/", apis.ReportDetailApi.as_view(), name="report-detail"),
    path(
        "<uuid:public_id>/messages/", apis.ReportMessageCreateApi.as_view(), name="report-message"
    ),
    path("<uuid:public_id>/triage/", apis.ReportTriageApi.as_view(), name="report-triage"),
    path("<uuid:public_id>/assign/", apis.ReportAssignApi.as_view(), name="report-assign"),
    path(
        "<uuid:public_id>/acknowledge/",
        apis.ReportAcknowledgeApi.as_view(),
        name="report-acknowledge",
    ),
    path("<uuid:public_id>/transfer/", apis.ReportTransferApi.as_view(), name="report-transfer"),
    path(
        "<uuid:public_id>/referrals/",
        apis.ReportReferralListApi.as_view(),
        name="report-referrals",
    ),
    path(
        "<uuid:public_id>/referrals/<uuid:report_referral_id>/package/",
        apis.ReportReferralPackageApi.as_view(),
        name="report-referral-package",
    ),
    path(
        "<uuid:public_id>/referrals/<uuid:report_referral_id>/sent/",
        apis.ReportReferralSentApi.as_view(),
        name="report-referral-sent",
    ),
    path(
        "<uuid:public_id>/referrals/<uuid:report_referral_id>/responses/",
        apis.ReportReferralResponseApi.as_view(),
        name="report-referral-responses",
    ),
    path("<uuid:public_id>/risk/", apis.ReportRiskApi.as_view(), name="report-risk"),
    path("<uuid:public_id>/measures/", apis.ReportMeasureApi.as_view(), name="report-measures"),
]
