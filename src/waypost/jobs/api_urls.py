from django.urls import path

from waypost.jobs.apis import JobDetailApi

urlpatterns = [
    path("<uuid:job_id>/", JobDetailApi.as_view(), name="job-detail"),
]
