"""Each row holding sealed values gets its own random ``seal_id`` (see
``protection/migrations/0006_seal_ids_bind_values_to_rows``)."""

from django.db import migrations

from waypost.protection.migration_operations import add_seal_ids


class Migration(migrations.Migration):

    dependencies = [
        ('tracing', '0006_candidate_evidence'),
    ]

    operations = add_seal_ids(
        'tracing',
        [
            'candidate',
            'candidatereview',
            'contactlogentry',
            'familynotification',
            'foundperson',
            'missingpersonreport',
            'personphoto',
            'unidentifiedremains',
        ],
    )
