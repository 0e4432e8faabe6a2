"""Each row holding sealed values gets its own random ``seal_id``, which new values bind
into their associated data (``protection.fields``). Values already stored keep opening
as they are; ``waypost keys rotate`` re-seals them bound to their row."""

from django.db import migrations

from waypost.protection.migration_operations import add_seal_ids


class Migration(migrations.Migration):

    dependencies = [
        ('protection', '0005_audit_chain_keyed'),
    ]

    operations = add_seal_ids('protection', ['consent'])
