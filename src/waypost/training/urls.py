from django.urls import path

from waypost.training import views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:session_id>/", views.session, name="session"),
    path("sessions/<int:session_id>/quiz/<str:code>/<str:kind>/", views.quiz, name="quiz"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("certificates/<str:code>.pdf", views.certificate, name="certificate"),
]
