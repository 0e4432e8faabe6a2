from django.urls import path

from waypost.releases import apis

urlpatterns = [
    path("stats/releases/", apis.StatsReleaseApi.as_view(), name="stats-releases"),
    path("stats/forecasts/", apis.ForecastApi.as_view(), name="stats-forecasts"),
]
