from django.urls import path

from waypost.training import views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("certificates/<str:code>.pdf", views.certificate, name="certificate"),
]
