from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from waypost.protection.audit import audit_record, verify
from waypost.protection.models import AuditEntry


@pytest.fixture
def chain(caseworker):
    for number in range(1, 6):
        audit_record(
            actor=caseworker,
            action="waypost.tracing.missing_person.read",
            record_type="tracing.missingpersonreport",
            record_id=number,
            fields=["name", "birth_date"],
            purpose="tracing",
        )


def sql(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_intact_chain_verifies(chain, capsys):
    assert verify() is None
    call_command("audit", "verify")
    assert "intact: 5 entries" in capsys.readouterr().out


def test_entries_record_who_what_and_why(chain, caseworker):
    entry = AuditEntry.objects.get(seq=3)

    assert (entry.actor_username, entry.role, entry.purpose) == (
        "caseworker",
        "caseworker",
        "tracing",
    )
    assert entry.organisation_id == caseworker.organisation_id
    assert entry.fields == ["name", "birth_date"]


def test_an_altered_entry_is_named(chain):
    sql("UPDATE protection_auditentry SET actor_username = %s WHERE seq = %s", ["someone-else", 3])

    assert verify().seq == 3
    with pytest.raises(CommandError, match="entry 3"):
        call_command("audit", "verify")


def test_a_deleted_entry_is_named(chain):
    sql("DELETE FROM protection_auditentry WHERE seq = %s", [2])

    broken = verify()
    assert broken.seq == 2
    assert "deleted" in broken.reason


def test_a_deleted_last_entry_is_noticed(chain):
    sql("DELETE FROM protection_auditentry WHERE seq = %s", [5])

    assert verify().seq == 5


def test_reordered_entries_are_noticed(chain):
    sql("UPDATE protection_auditentry SET seq = 100 WHERE seq = 2", [])
    sql("UPDATE protection_auditentry SET seq = 2 WHERE seq = 3", [])
    sql("UPDATE protection_auditentry SET seq = 3 WHERE seq = 100", [])

    assert verify().seq == 2


def test_an_entry_altered_and_the_chain_rehashed_without_the_key_is_still_noticed(chain):
    """Someone with write access to the database but not the master key changes an entry and
    recomputes every link with plain SHA-256 (what an unkeyed chain would let them do)."""
    import hashlib
    import json

    from waypost.protection.audit import _payload
    from waypost.protection.models import AuditChainHead

    sql("UPDATE protection_auditentry SET actor_username = %s WHERE seq = %s", ["someone-else", 3])
    previous = ""
    for entry in AuditEntry.objects.order_by("seq"):
        canonical = json.dumps(_payload(entry), sort_keys=True, ensure_ascii=False, default=str)
        forged = hashlib.sha256(f"{previous}\n{canonical}".encode()).hexdigest()
        sql(
            "UPDATE protection_auditentry SET previous_hash = %s, entry_hash = %s WHERE seq = %s",
            [previous, forged, entry.seq],
        )
        previous = forged
    AuditChainHead.objects.filter(pk=1).update(last_hash=previous)

    assert verify().seq == 1
