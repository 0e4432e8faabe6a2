from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DetentionConfig(AppConfig):
    name = "waypost.detention"
    label = "detention"
    verbose_name = _("Detention oversight and consular notification")
