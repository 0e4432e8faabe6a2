from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracingConfig(AppConfig):
    name = "waypost.tracing"
    label = "tracing"
    verbose_name = _("Tracing and identification")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from waypost.protection.rights import disclosure_register
        from waypost.tracing import matching, selectors
        from waypost.tracing.models import Candidate, FamilyNotification

        # Deletions come from several places (erasure, retention, cascades): the index
        # follows all of them through the signal rather than each caller remembering.
        for model in matching.KIND_PREFIX:
            post_delete.connect(matching.forget_deleted, sender=model)
        # A person export lists the record's candidates only as the candidate pages show them.
        disclosure_register(Candidate, selectors.candidate_disclosed)
        disclosure_register(FamilyNotification, selectors.notification_disclosed)
