"""What each module teaches, after the OHCHR Recommended Principles and Guidelines on Human
Rights at International Borders (2014), one module per guideline theme. Translated in the
catalogs like every text a person reads."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from waypost.training.models import Module

SUMMARIES = {
    Module.NON_REFOULEMENT: _(
        "No one may be sent back to a place where they face torture, persecution or other "
        "serious harm. Every person at the border may ask for protection and is heard."
    ),
    Module.USE_OF_FORCE: _(
        "Force only when strictly necessary and proportionate, never as punishment; every "
        "use of force is reported and reviewed."
    ),
    Module.CHILDREN: _(
        "A child is a child first: the best interests of the child guide every decision, "
        "with guardians, family unity and no detention for migration reasons."
    ),
    Module.GENDER: _(
        "Searches, interviews and custody that respect gender, and recognising, preventing "
        "and referring sexual and gender-based violence."
    ),
    Module.TRAFFICKING: _(
        "Identifying people who may have been trafficked, protecting them and never "
        "punishing them for what they were made to do."
    ),
    Module.RESCUE: _(
        "The duty to rescue anyone in distress at sea and to bring them to a place of "
        "safety, whatever their status."
    ),
    Module.DETENTION: _(
        "Detention only as a last resort, for the shortest time, with legal safeguards, "
        "decent conditions and independent monitoring."
    ),
    Module.SCREENING: _(
        "Screening to find who needs protection or help, and referring them to the "
        "services and procedures that can give it."
    ),
    Module.CONSULAR: _(
        "Telling foreigners of their right to contact their consulate, and letting them, "
        "unless they are seeking asylum and do not want it."
    ),
    Module.DATA: _(
        "Collecting only the personal data needed, keeping it safe, and never sharing "
        "asylum seekers' data with their country of origin."
    ),
}
