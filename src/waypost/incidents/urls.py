from django.urls import path

from waypost.incidents import views

app_name = "incidents"

urlpatterns = [
    path("", views.incident_list, name="list"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/points/", views.statistics_points, name="statistics_points"),
    path("new/", views.incident_edit, name="create"),
    path("review/", views.review, name="review"),
    path("import/", views.import_mmp, name="import"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("<int:pk>/", views.incident_detail, name="detail"),
    path("<int:pk>/edit/", views.incident_edit, name="edit"),
]
