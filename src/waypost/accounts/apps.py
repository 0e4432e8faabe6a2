from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "waypost.accounts"
    label = "accounts"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from waypost.accounts import (
            schema,  # noqa: F401 - registers the OpenAPI extension
            signals,
        )

        signals.connect()  # authentication decisions go on the audit log
