from django.urls import path

from waypost.remittances import apis

urlpatterns = [
    path("corridors/", apis.CorridorListApi.as_view(), name="remittances-corridors"),
    path("services/", apis.ServiceListApi.as_view(), name="remittances-services"),
    path("sdg-10-c-1/", apis.SdgApi.as_view(), name="remittances-sdg-10-c-1"),
    path("breakdown/", apis.BreakdownApi.as_view(), name="remittances-breakdown"),
]
