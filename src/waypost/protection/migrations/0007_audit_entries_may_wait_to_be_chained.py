"""Audit entries may wait for their place in the chain.

Appending no longer waits for the chain head: an entry appended while another transaction
holds it keeps ``seq`` and its links empty until that transaction chains it, and
``append_mac`` protects its content in the meantime. Existing entries are all chained
already: nothing to convert.
"""


from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('protection', '0006_seal_ids_bind_values_to_rows'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='auditentry',
            options={'ordering': ['-id'], 'verbose_name': 'audit entry', 'verbose_name_plural': 'audit entries'},
        ),
        migrations.AddField(
            model_name='auditentry',
            name='append_mac',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='entry_hash',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='previous_hash',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='seq',
            field=models.PositiveBigIntegerField(blank=True, null=True, unique=True),
        ),
    ]
