from django.urls import path

from waypost.training import apis

urlpatterns = [
    path("sessions/", apis.SessionCreateApi.as_view(), name="training-sessions"),
    path(
        "sessions/<int:session_id>/results/",
        apis.SessionResultsApi.as_view(),
        name="training-session-results",
    ),
    path("sessions/<int:session_id>/quiz/", apis.SessionQuizApi.as_view(), name="training-quiz"),
    path(
        "sessions/<int:session_id>/attempts/",
        apis.SessionAttemptApi.as_view(),
        name="training-attempts",
    ),
    path("indicators/", apis.IndicatorsApi.as_view(), name="training-indicators"),
]
