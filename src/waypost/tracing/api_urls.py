from django.urls import path

from waypost.tracing import apis

urlpatterns = [
    path("missing-persons/", apis.MissingPersonListCreateApi.as_view(), name="missing-persons"),
    path("missing-persons/<int:pk>/", apis.MissingPersonDetailApi.as_view(), name="missing-person"),
    path(
        "missing-persons/<int:pk>/candidates/",
        apis.MissingPersonCandidatesApi.as_view(),
        name="missing-person-candidates",
    ),
    path(
        "missing-persons/<int:pk>/close/",
        apis.MissingPersonCloseApi.as_view(),
        name="missing-person-close",
    ),
    path(
        "missing-persons/<int:pk>/reopen/",
        apis.MissingPersonReopenApi.as_view(),
        name="missing-person-reopen",
    ),
    path(
        "missing-persons/<int:pk>/merge/",
        apis.MissingPersonMergeApi.as_view(),
        name="missing-person-merge",
    ),
    path(
        "missing-persons/<int:pk>/duplicates/",
        apis.MissingPersonDuplicatesApi.as_view(),
        name="missing-person-duplicates",
    ),
    path("found-persons/", apis.FoundPersonListCreateApi.as_view(), name="found-persons"),
    path(
        "found-persons/<int:pk>/consents/",
        apis.FoundPersonConsentsApi.as_view(),
        name="found-person-consents",
    ),
    path(
        "found-persons/<int:pk>/consents/<str:purpose>/",
        apis.FoundPersonConsentWithdrawApi.as_view(),
        name="found-person-consent",
    ),
    path("found-persons/<int:pk>/", apis.FoundPersonDetailApi.as_view(), name="found-person"),
    path("remains/", apis.RemainsListCreateApi.as_view(), name="remains-list"),
    path("remains/<int:pk>/", apis.RemainsDetailApi.as_view(), name="remains"),
    path(
        "remains/<int:pk>/candidates/",
        apis.RemainsCandidatesApi.as_view(),
        name="remains-candidates",
    ),
    path(
        "found-persons/<int:pk>/candidates/",
        apis.FoundPersonCandidatesApi.as_view(),
        name="found-person-candidates",
    ),
    path("candidates/<int:pk>/", apis.CandidateDetailApi.as_view(), name="candidate"),
    path(
        "candidates/<int:pk>/reviews/",
        apis.CandidateReviewCreateApi.as_view(),
        name="candidate-reviews",
    ),
    path(
        "candidates/<int:pk>/identification-report.pdf",
        apis.CandidateIdentificationReportApi.as_view(),
        name="candidate-identification-report",
    ),
]
