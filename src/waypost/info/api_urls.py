from django.urls import path

from waypost.info import apis

urlpatterns = [
    path("services/", apis.InfoServicesApi.as_view(), name="info-services"),
    path("articles/", apis.InfoArticlesApi.as_view(), name="info-articles"),
    path("points/", apis.InfoPointsApi.as_view(), name="info-points"),
    path("webhook/", apis.WebhookApi.as_view(), name="info-webhook"),
    path("export.<str:fmt>", apis.InfoExportApi.as_view(), name="info-export"),
    path("counts/", apis.InfoCountsApi.as_view(), name="info-counts"),
]
