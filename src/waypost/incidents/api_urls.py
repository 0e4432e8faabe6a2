from django.urls import path

from waypost.incidents import apis

urlpatterns = [
    path("incidents/", apis.IncidentListApi.as_view(), name="incidents"),
    path("stats/sdg-10-7-3/", apis.SdgStatsApi.as_view(), name="stats-sdg-10-7-3"),
    path(
        "stats/sdg-10-7-3/breakdown/",
        apis.SdgBreakdownApi.as_view(),
        name="stats-sdg-10-7-3-breakdown",
    ),
]
