from django.urls import path

from waypost.reporting import apis

urlpatterns = [
    path("", apis.BodyListApi.as_view(), name="body-list"),
]
