"""Every token has an expiry, once migration 0006 gave the old ones theirs (a separate
migration: PostgreSQL refuses to alter a table with updates pending in the transaction)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0006_api_token_scopes_and_expiry"),
    ]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
    ]
