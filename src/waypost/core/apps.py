from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "waypost.core"
    label = "core"
    verbose_name = _("Waypost platform")

    def ready(self) -> None:
        from waypost.core.logging import request_loggers_protect

        request_loggers_protect()
