"""Move every enrolled authenticator app to SealedTOTPDevice, its secret sealed (ASVS 2.8.2).

django-otp's TOTPDevice kept the secret as hex in the database. Each device is copied with
the same secret (sealed under a key derived from the master key, bound to its account) and
the same state (last accepted time step, drift, throttling), so the apps people already use
keep working; then the clear rows are deleted. On SQLite the deletion overwrites the freed
space (``secure_delete``), so a copy of the file no longer holds the old secrets. Backups
taken before this migration still do (docs/security/keys.md).

Sessions verified with an old device are asked for a code once more.
"""

from binascii import hexlify, unhexlify

from django.db import migrations

PURPOSE = "waypost.accounts.totp"  # accounts.models.TOTP_KEY_PURPOSE, frozen here
STATE = (
    "user_id",
    "name",
    "confirmed",
    "step",
    "t0",
    "digits",
    "tolerance",
    "drift",
    "last_t",
    "throttling_failure_timestamp",
    "throttling_failure_count",
    "created_at",
    "last_used_at",
)


def _context(user_id):
    return f"accounts.totp-key:{user_id}".encode()


def _delete_overwriting(queryset, connection):
    if connection.vendor != "sqlite":
        queryset.delete()  # PostgreSQL: dead rows are never in a dump, VACUUM reclaims them
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA secure_delete = ON")
        try:
            queryset.delete()
        finally:
            cursor.execute(f"PRAGMA secure_delete = {int(previous)}")


def seal(apps, schema_editor):
    from waypost.protection.keys import secret_seal

    clear_model = apps.get_model("otp_totp", "TOTPDevice")
    sealed_model = apps.get_model("accounts", "SealedTOTPDevice")
    devices = list(clear_model.objects.order_by("pk"))
    for device in devices:
        sealed = sealed_model(
            key_sealed=secret_seal(PURPOSE, unhexlify(device.key), _context(device.user_id)),
            **{name: getattr(device, name) for name in STATE},
        )
        sealed.save()
        # created_at is auto_now_add: keep the enrolment date.
        sealed_model.objects.filter(pk=sealed.pk).update(created_at=device.created_at)
    if devices:
        _delete_overwriting(clear_model.objects.all(), schema_editor.connection)


def unseal(apps, schema_editor):
    from waypost.protection.keys import secret_unseal

    clear_model = apps.get_model("otp_totp", "TOTPDevice")
    sealed_model = apps.get_model("accounts", "SealedTOTPDevice")
    for device in sealed_model.objects.order_by("pk"):
        key = secret_unseal(PURPOSE, bytes(device.key_sealed), _context(device.user_id))
        clear = clear_model.objects.create(
            key=hexlify(key).decode(), **{name: getattr(device, name) for name in STATE}
        )
        clear_model.objects.filter(pk=clear.pk).update(created_at=device.created_at)
    sealed_model.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_sealedtotpdevice"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(seal, unseal)]
