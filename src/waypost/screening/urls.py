from django.urls import path

from waypost.screening import views

app_name = "screening"

urlpatterns = [
    path("", views.screening_list, name="list"),
    path("new/", views.screening_create, name="create"),
    path("<int:pk>/", views.screening_detail, name="detail"),
    path("<int:pk>/again/", views.screening_create, name="rescreen"),
    path("<int:pk>/refer/", views.referral_create, name="refer"),
    path("<int:pk>/tracing/", views.tracing_link, name="tracing_link"),
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral"),
    path("referrals/<int:pk>/<slug:step>/", views.referral_step, name="referral_step"),
    path("<int:pk>/transfer/", views.transfer_create, name="transfer_create"),
    path("transfers/", views.transfer_list, name="transfers"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer"),
    path("transfers/<int:pk>/<slug:step>/", views.transfer_step, name="transfer_step"),
    path("concerns/", views.concern_list, name="concerns"),
    path("concerns/new/", views.concern_edit, name="concern_create"),
    path("concerns/<slug:code>/", views.concern_edit, name="concern"),
    path("services/", views.service_list, name="services"),
    path("services/new/", views.service_create, name="service_create"),
    path("services/<int:pk>/publish/", views.service_publish, name="service_publish"),
    path("children/", views.children, name="children"),
    path("children/<int:pk>/", views.child_detail, name="child"),
    path("children/<int:pk>/assessment/", views.bia_submit, name="bia"),
    path("children/assessments/<int:pk>/decision/", views.bia_decide, name="bia_decide"),
    path("children/<int:pk>/determination/", views.bid_record, name="bid"),
    path("children/<int:pk>/guardian/", views.guardian_appoint, name="guardian"),
    path("people/<int:pk>/age/", views.age_assessment, name="age"),
    path("statistics/", views.statistics, name="statistics"),
]
