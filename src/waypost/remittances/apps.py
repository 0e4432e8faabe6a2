from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemittancesConfig(AppConfig):
    name = "waypost.remittances"
    label = "remittances"
    verbose_name = _("Remittance costs")

    def ready(self) -> None:
        from waypost.core.logging import private_path_register
        from waypost.remittances.views import SEND_PATH

        # Who asked what a transfer from one country to another costs says where they
        # come from and where their family lives: no request line of the page is logged.
        private_path_register(SEND_PATH)
