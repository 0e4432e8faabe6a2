from django.urls import path

from waypost.info import views

app_name = "info"

urlpatterns = [
    # Public: no account.
    path("", views.index, name="index"),
    path("articles/", views.articles, name="articles"),
    path("articles/<int:article_id>/", views.article, name="article"),
    path("services/", views.directory, name="services"),
    path("services/<int:service_id>/", views.service, name="service"),
    path("points/", views.points, name="points"),
    path("points/<int:point_id>/", views.point, name="point"),
    path("points/<int:point_id>/poster/", views.poster, name="poster"),
    path("points/<int:point_id>/poster.pdf", views.poster_download, name="poster_pdf"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    # The information team.
    path("manage/", views.manage, name="manage"),
    path("manage/points/new/", views.point_new, name="point_new"),
    path("manage/articles/new/", views.article_new, name="article_new"),
    path("manage/articles/<int:article_id>/text/", views.article_text, name="article_text"),
    path(
        "manage/articles/<int:article_id>/<str:step>/",
        views.article_step,
        name="article_step",
    ),
    path("manage/feedback/<int:feedback_id>/", views.feedback_moderate, name="feedback_moderate"),
]
