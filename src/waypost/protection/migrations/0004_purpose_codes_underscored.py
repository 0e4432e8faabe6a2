"""Purpose codes are underscored (``protection_referral``): rewrite any hyphenated ones.

``consent_record`` did not check purposes, so a hyphenated code could have been stored,
and ``consent_allows`` (which looks up the underscored code) would never find it. Audit
entries are not rewritten: their hash chain covers the purpose as written.
"""

from django.db import migrations

PURPOSES = ("tracing", "identification", "protection_referral", "statistics")


def underscore(apps, schema_editor):
    for name in ("Consent", "SharingAgreement"):
        model = apps.get_model("protection", name)
        for purpose in PURPOSES:
            hyphenated = purpose.replace("_", "-")
            if hyphenated != purpose:
                model.objects.filter(purpose=hyphenated).update(purpose=purpose)


class Migration(migrations.Migration):
    dependencies = [("protection", "0003_agreement_rejection_no_fields")]

    operations = [migrations.RunPython(underscore, migrations.RunPython.noop)]
