from django.urls import path

from waypost.screening import apis

urlpatterns = [
    path("screenings/", apis.ScreeningCreateApi.as_view(), name="screenings"),
    path("screenings/<int:pk>/", apis.ScreeningDetailApi.as_view(), name="screening"),
    path("concerns/", apis.ConcernListApi.as_view(), name="concerns"),
    path("concerns/<slug:code>/", apis.ConcernDetailApi.as_view(), name="concern"),
    path("services/", apis.ServiceListCreateApi.as_view(), name="services"),
    path("services/<int:pk>/", apis.ServiceDetailApi.as_view(), name="service"),
    path("referrals/", apis.ReferralListCreateApi.as_view(), name="referrals"),
    path("referrals/<int:pk>/", apis.ReferralDetailApi.as_view(), name="referral"),
    # The contract writes the steps without a trailing slash; both are served.
    path("referrals/<int:pk>/<slug:step>", apis.ReferralStepApi.as_view(), name="referral-step"),
    path(
        "referrals/<int:pk>/<slug:step>/",
        apis.ReferralStepSlashApi.as_view(),
        name="referral-step-slash",
    ),
    path("transfers/", apis.TransferListCreateApi.as_view(), name="transfers"),
    path("transfers/<int:pk>/", apis.TransferDetailApi.as_view(), name="transfer"),
    path("transfers/<int:pk>/<slug:step>/", apis.TransferStepApi.as_view(), name="transfer-step"),
    path("age-assessments/", apis.AgeAssessmentCreateApi.as_view(), name="age-assessments"),
    path("age-assessments/<int:pk>/", apis.AgeAssessmentDetailApi.as_view(), name="age-assessment"),
]
