"""The audit chain becomes keyed: each entry's link is an HMAC under a key derived from the
master key, instead of a plain SHA-256 that anyone able to write to the database could
recompute after altering an entry.

An existing chain is re-linked under the key only if its plain hashes still verify; a
chain already broken is left as it is, so that ``waypost audit verify`` goes on reporting
it rather than this migration laundering it.
"""

import hashlib
import hmac
import json

from django.db import migrations


def _canonical(entry):
    # A copy of audit._payload as it is at this migration: a migration must keep working
    # whatever later changes that module.
    payload = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_username": entry.actor_username,
        "organisation_id": entry.organisation_id,
        "role": entry.role,
        "purpose": entry.purpose,
        "action": entry.action,
        "record_type": entry.record_type,
        "record_id": entry.record_id,
        "fields": entry.fields,
        "detail": entry.detail,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)


def rekey(apps, schema_editor):
    entry_model = apps.get_model("protection", "AuditEntry")
    head_model = apps.get_model("protection", "AuditChainHead")
    entries = list(entry_model.objects.order_by("seq"))
    if not entries:
        return
    previous = ""
    for expected, entry in enumerate(entries, start=1):
        plain = hashlib.sha256(f"{entry.previous_hash}\n{_canonical(entry)}".encode()).hexdigest()
        if entry.seq != expected or entry.previous_hash != previous or entry.entry_hash != plain:
            return  # broken already: keep the evidence
        previous = entry.entry_hash

    from waypost.protection.keys import key_provider

    key = key_provider().derive("waypost.audit.chain")
    previous = ""
    for entry in entries:
        entry.previous_hash = previous
        message = f"{previous}\n{_canonical(entry)}".encode()
        entry.entry_hash = hmac.new(key, message, hashlib.sha256).hexdigest()
        previous = entry.entry_hash
    entry_model.objects.bulk_update(entries, ["previous_hash", "entry_hash"], batch_size=1000)
    head_model.objects.filter(pk=1).update(last_hash=previous)


class Migration(migrations.Migration):
    dependencies = [("protection", "0004_purpose_codes_underscored")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
