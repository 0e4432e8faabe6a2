from django.urls import path

from waypost.releases import views

app_name = "releases"

urlpatterns = [
    path("releases/", views.release_log, name="log"),
]
