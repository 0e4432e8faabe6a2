from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    name = "waypost.releases"
    label = "releases"
    verbose_name = _("Statistical releases")
