from django.urls import path

from waypost.tracing import forensic_views, views

app_name = "tracing"

urlpatterns = [
    path("review/", views.review_queue, name="review"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/notification/", views.notification_update, name="notification"),
    path("candidates/<int:pk>/dna/", views.dna_result_add, name="dna_result"),
    path(
        "candidates/<int:pk>/identification-report.pdf",
        views.identification_report,
        name="identification_report",
    ),
    path("missing/<int:pk>/contacts/", views.contact_add, name="contact"),
    path("missing/<int:pk>/consents/", views.enquirer_consents_update, name="consents"),
    path("missing/<int:pk>/antemortem/", forensic_views.antemortem_edit, name="antemortem"),
    path("remains/<int:pk>/postmortem/", forensic_views.postmortem_edit, name="postmortem"),
    path("photos/<int:photo_id>/", views.photo_show, name="photo"),
    path("caseload/", views.caseload, name="caseload"),
    path("overdue/", views.overdue, name="overdue"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<int:pk>/dismiss/", views.duplicate_dismiss, name="duplicate_dismiss"),
    path("missing/<int:pk>/edit/", views.report_edit, name="edit"),
    path("missing/<int:pk>/close/", views.report_close, name="close"),
    path("missing/<int:pk>/reopen/", views.report_reopen, name="reopen"),
    path("missing/<int:pk>/merge/", views.report_merge, name="merge"),
    path("missing/<int:pk>/case/", views.report_schedule, name="schedule"),
    path("missing/<int:pk>/referrals/", views.referral_add, name="referral_add"),
    path(
        "missing/<int:pk>/referrals/<int:referral_id>/",
        views.referral_answer,
        name="referral_answer",
    ),
    path("found/<int:pk>/consents/", views.found_consents_update, name="found_consents"),
    path("found/<int:pk>/message/", views.found_message_update, name="found_message"),
    # Named list pages, so that the dashboard cards can link to each kind.
    path("missing/", views.record_list, {"kind": "missing"}, name="missing"),
    path("found/", views.record_list, {"kind": "found"}, name="found"),
    path("remains/", views.record_list, {"kind": "remains"}, name="remains"),
    path("<slug:kind>/", views.record_list, name="list"),
    path("<slug:kind>/new/", views.record_create, name="create"),
    path("<slug:kind>/<int:pk>/", views.record_detail, name="detail"),
    path("<slug:kind>/<int:pk>/export.<str:fmt>", views.record_export, name="export"),
    path("<slug:kind>/<int:pk>/erase/", views.record_erase, name="erase"),
    path("<slug:kind>/<int:pk>/photos/", views.photo_add, name="photo_add"),
]
