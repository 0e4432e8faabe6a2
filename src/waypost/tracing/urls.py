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
