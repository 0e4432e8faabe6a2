"""API tokens get a name, scopes, an expiry and an allowed organisation (issue 42).

Tokens made before keep what they could do: the scopes their owner's role can use (the
roles' scopes as they were when this migration was written, frozen here), for the
organisation their owner belongs to now. They expire 90 days after the upgrade, the
default lifetime of a new token, so a partner system has time to get a new one instead
of breaking at once, and no token lives forever.
"""

from datetime import timedelta

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

ROLE_SCOPES = {
    "admin": ["incidents:read", "statistics:read"],
    "caseworker": [
        "detention:write",
        "incidents:write",
        "reports:write",
        "screening:write",
        "statistics:read",
        "tracing:write",
    ],
    "forensic": [
        "detention:write",
        "incidents:write",
        "screening:write",
        "statistics:read",
        "tracing:write",
    ],
    "reviewer": [
        "detention:read",
        "incidents:write",
        "screening:read",
        "statistics:read",
        "tracing:read",
    ],
    "analyst": ["incidents:read", "statistics:read"],
    "operator": ["incidents:write", "statistics:read"],
    "auditor": ["statistics:read"],
}


def scope_existing_tokens(apps, schema_editor):
    tokens = apps.get_model("accounts", "ApiToken")
    expires_at = timezone.now() + timedelta(days=90)
    for token in tokens.objects.select_related("user").iterator():
        token.name = "Token made before scopes"
        token.scopes = ROLE_SCOPES.get(token.user.role, [])
        token.organisation_id = token.user.organisation_id
        token.expires_at = expires_at
        token.save(update_fields=["name", "scopes", "organisation", "expires_at"])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_hashed_sessions"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="name",
            field=models.CharField(blank=True, max_length=100, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scopes",
            field=models.JSONField(default=list, verbose_name="scopes"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.organisation",
                verbose_name="allowed organisation",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.RunPython(scope_existing_tokens, migrations.RunPython.noop),
    ]
