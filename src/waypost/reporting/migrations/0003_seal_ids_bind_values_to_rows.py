"""Each row holding sealed values gets its own random ``seal_id`` (see
``protection/migrations/0006_seal_ids_bind_values_to_rows``)."""

from django.db import migrations

from waypost.protection.migration_operations import add_seal_ids


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0002_delete_accessrecord'),
    ]

    operations = add_seal_ids(
        'reporting',
        [
            'act',
            'event',
            'identitydisclosure',
            'intervention',
            'perpetrator',
            'report',
            'reportattachment',
            'reportmessage',
            'source',
            'victim',
        ],
    )
