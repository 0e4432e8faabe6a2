from django.urls import path

from waypost.detention import apis

urlpatterns = [
    path("detentions/", apis.DetentionListCreateApi.as_view(), name="detentions"),
    path("detentions/<int:pk>/", apis.DetentionDetailApi.as_view(), name="detention"),
    path(
        "detentions/<int:pk>/consular-events/",
        apis.DetentionConsularEventApi.as_view(),
        name="detention-consular-events",
    ),
    path(
        "detentions/<int:pk>/transfers/",
        apis.DetentionTransferApi.as_view(),
        name="detention-transfers",
    ),
    path(
        "detentions/<int:pk>/release/",
        apis.DetentionReleaseApi.as_view(),
        name="detention-release",
    ),
    path(
        "detention-facilities/",
        apis.FacilityListCreateApi.as_view(),
        name="detention-facilities",
    ),
    path(
        "detention-statistics/",
        apis.DetentionStatisticsApi.as_view(),
        name="detention-statistics",
    ),
    path("consular-rules/", apis.ConsularRuleListApi.as_view(), name="consular-rules"),
    path("detention-visits/", apis.VisitListCreateApi.as_view(), name="detention-visits"),
    path("detention-visits/<int:pk>/", apis.VisitDetailApi.as_view(), name="detention-visit"),
]
