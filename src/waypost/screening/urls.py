from django.urls import path

from waypost.screening import views

app_name = "screening"

urlpatterns: list = []
