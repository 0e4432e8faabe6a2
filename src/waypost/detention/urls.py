from django.urls import path

from waypost.detention import views

app_name = "detention"

urlpatterns = [
    path("", views.detention_list, name="list"),
    path("new/", views.detention_create, name="create"),
    path("<int:pk>/", views.detention_detail, name="detail"),
    path("<int:pk>/edit/", views.detention_edit, name="edit"),
    path("<int:pk>/events/", views.event_add, name="event"),
    path("<int:pk>/transfer/", views.transfer_add, name="transfer"),
    path("<int:pk>/release/", views.release, name="release"),
    path("<int:pk>/reviews/", views.review_add, name="review"),
    path("<int:pk>/alternatives/", views.alternative_add, name="alternative"),
    path("<int:pk>/own-file/", views.own_file, name="own_file"),
    path("children/", views.children, name="children"),
    path("overdue/", views.overdue, name="overdue"),
    path("facilities/", views.facilities, name="facilities"),
    path("visits/", views.visits, name="visits"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path(
        "recommendations/<int:pk>/follow-up/",
        views.recommendation_follow_up,
        name="recommendation_follow_up",
    ),
    path("statistics/", views.statistics, name="statistics"),
]
