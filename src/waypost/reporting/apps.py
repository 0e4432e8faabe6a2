import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "waypost.reporting"
    label = "reporting"
    verbose_name = _("Confidential reporting of abuses")

    def ready(self) -> None:
        from waypost.core.logging import private_path_register
        from waypost.reporting.privacy import REPORTING_PATH

        private_path_register(REPORTING_PATH)
        # Pillow logs every EXIF tag it reads at DEBUG (GPS position, camera serial): never.
        logging.getLogger("PIL").setLevel(logging.INFO)
