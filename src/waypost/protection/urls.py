from django.urls import path

from waypost.protection import views

app_name = "protection"

urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/<int:pk>/<str:action>/", views.agreement_action, name="agreement_action"),
]
