"""Sessions move to ``accounts.HashedSession``, keyed by the SHA-256 of the session key
(``accounts/sessions.py``). The sessions in Django's table, stored under their raw keys,
are deleted (everyone signs in once more); on SQLite the deletion overwrites the freed
space, as in migration 0004, so a copy of the file holds no live key."""

from importlib import import_module

from django.db import migrations, models


def delete_raw_sessions(apps, schema_editor):
    totp_migration = import_module("waypost.accounts.migrations.0004_seal_totp_keys")
    sessions = apps.get_model("sessions", "Session")
    totp_migration._delete_overwriting(sessions.objects.all(), schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_seal_totp_keys'),
        ('sessions', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='HashedSession',
            fields=[
                ('session_data', models.TextField(verbose_name='session data')),
                ('expire_date', models.DateTimeField(db_index=True, verbose_name='expire date')),
                ('session_key', models.CharField(max_length=64, primary_key=True, serialize=False, verbose_name='session key hash')),
            ],
            options={
                'verbose_name': 'session',
                'verbose_name_plural': 'sessions',
                'abstract': False,
            },
        ),
        migrations.RunPython(delete_raw_sessions, migrations.RunPython.noop),
    ]
