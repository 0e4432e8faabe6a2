from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from waypost.accounts.apis import MeApi
from waypost.core import views as core_views

api_v1: list[URLPattern | URLResolver] = [
    path("me/", MeApi.as_view(), name="me"),
    path("jobs/", include("waypost.jobs.api_urls")),
    path("reports/", include("waypost.reporting.api_urls")),
    path("bodies/", include("waypost.reporting.bodies_api_urls")),
    path("", include("waypost.tracing.api_urls")),
    path("", include("waypost.screening.api_urls")),
    path("", include("waypost.detention.api_urls")),
    path("", include("waypost.incidents.api_urls")),
    path("remittances/", include("waypost.remittances.api_urls")),
    path("training/", include("waypost.training.api_urls")),
    path("info/", include("waypost.info.api_urls")),
    path("", include("waypost.releases.api_urls")),
]

# Problem details for errors under /api/, the translated HTML pages elsewhere (core.views).
handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", core_views.ApiDocsView.as_view(url_name="schema"), name="api-docs"),
    path("favicon.ico", core_views.favicon, name="favicon"),
]

urlpatterns += i18n_patterns(
    path("", include("waypost.core.urls")),
    path("accounts/", include("waypost.accounts.urls")),
    path("jobs/", include("waypost.jobs.urls")),
    path("", include("waypost.reporting.urls")),
    path("tracing/", include("waypost.tracing.urls")),
    path("screening/", include("waypost.screening.urls")),
    path("detention/", include("waypost.detention.urls")),
    path("protection/", include("waypost.protection.urls")),
    path("incidents/", include("waypost.incidents.urls")),
    path("remittances/", include("waypost.remittances.urls")),
    path("training/", include("waypost.training.urls")),
    path("statistics/", include("waypost.releases.urls")),
    path("info/", include("waypost.info.urls")),
)
