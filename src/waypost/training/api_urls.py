from django.urls import path

from waypost.training import apis

urlpatterns = [
    path("sessions/", apis.SessionCreateApi.as_view(), name="training-sessions"),
    path(
        "sessions/<int:session_id>/results/",
        apis.SessionResultsApi.as_view(),
        name="training-session-results",
    ),
    path("indicators/", apis.IndicatorsApi.as_view(), name="training-indicators"),
]
