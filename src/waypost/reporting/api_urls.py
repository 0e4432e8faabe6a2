from django.urls import path

from waypost.reporting import apis

urlpatterns = [
    path("", apis.ReportCreateApi.as_view(), name="report-create"),
    path("status/", apis.ReportStatusApi.as_view(), name="report-status"),
    path("status/messages/", apis.ReportReplyApi.as_view(), name="report-reply"),
    path("status/attachments/", apis.ReportEvidenceApi.as_view(), name="report-evidence"),
    path("recipients/", apis.ReportRecipientListApi.as_view(), name="report-recipients"),
    path("statistics/", apis.ReportStatisticsApi.as_view(), name="report-statistics"),
    path("inbox/", apis.ReportListApi.as_view(), name="report-list"),
    path("<uuid:public_id>/", apis.ReportDetailApi.as_view(), name="report-detail"),
    path(
        "<uuid:public_id>/messages/", apis.ReportMessageCreateApi.as_view(), name="report-message"
    ),
    path("<uuid:public_id>/triage/", apis.ReportTriageApi.as_view(), name="report-triage"),
]
