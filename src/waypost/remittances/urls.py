from django.urls import path

from waypost.remittances import views

app_name = "remittances"

urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("send/", views.send, name="send"),
    path("alerts/", views.alerts, name="alerts"),
]
