from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfoConfig(AppConfig):
    name = "waypost.info"
    label = "info"
    verbose_name = _("Information for migrants")

    def ready(self) -> None:
        from waypost.core.logging import private_path_register
        from waypost.info.views import PUBLIC_PATH, WEBHOOK_PATH

        # What a person reads (an article on asylum, the services near a place) and what
        # they ask by SMS says who they may be: no request line of these paths is logged.
        private_path_register(PUBLIC_PATH)
        private_path_register(WEBHOOK_PATH)
