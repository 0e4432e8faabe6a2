from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "waypost.reporting"
    label = "reporting"
    verbose_name = _("Confidential reporting of abuses")

    def ready(self) -> None:
        from waypost.reporting.privacy import silence_request_logging

        silence_request_logging()
