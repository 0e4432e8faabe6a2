from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from waypost.protection.audit import audit_record, verify
from waypost.protection.models import AuditEntry


def read_by(user, number: int) -> None:
    audit_record(
        actor=user,
        action="waypost.tracing.missing_person.read",
        record_type="tracing.missingpersonreport",
        record_id=number,
        fields=["name", "birth_date"],
        purpose="tracing",
    )


@pytest.fixture
def chain(caseworker):
    for number in range(1, 6):
        read_by(caseworker, number)
    # The test's transaction never commits, so the entries are chained here, as they
    # would be once the requests that appended them had committed.
    assert verify() is None


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


def test_entries_are_chained_as_they_are_appended_when_the_head_is_free(caseworker):
    read_by(caseworker, 1)
    read_by(caseworker, 2)

    entries = list(AuditEntry.objects.order_by("id").values_list("record_id", "seq"))
    assert entries == [("1", 1), ("2", 2)]


def test_an_entry_inserted_straight_into_the_database_is_never_chained(chain, caseworker):
    """Appending never waits and chaining takes whatever is pending, so it must refuse
    an entry it did not append: one forged to frame someone, say."""
    from django.utils import timezone

    forged = AuditEntry.objects.create(
        at=timezone.now(),
        actor_id=caseworker.pk,
        actor_username="other-caseworker",
        action="waypost.tracing.missing_person.read",
        record_type="tracing.missingpersonreport",
        record_id="7",
        append_mac="0" * 64,
    )

    broken = verify()
    forged.refresh_from_db()
    assert forged.seq is None
    assert broken is not None
    assert f"ids {forged.pk} were not appended by Waypost" in broken.reason
    with pytest.raises(CommandError, match="not appended by Waypost"):
        call_command("audit", "verify")


def test_a_changed_entry_waiting_to_be_chained_is_refused(caseworker):
    """An entry appended while another transaction held the chain head waits for it with
    its content under a MAC: changing it then is noticed too."""
    from django.utils import timezone

    from waypost.protection.audit import append_mac

    pending = AuditEntry(
        at=timezone.now(), actor_username="caseworker", action="waypost.tracing.x.read"
    )
    pending.append_mac = append_mac(pending)
    pending.save()
    AuditEntry.objects.filter(pk=pending.pk).update(actor_username="someone-else")

    broken = verify()
    assert broken is not None
    assert "not appended by Waypost" in broken.reason
    assert AuditEntry.objects.get().seq is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
def test_an_audited_read_does_not_wait_for_the_chain_head(caseworker):
    """Another transaction holds the chain head's row lock (a long write that chained its
    own entry, or, before, any audited request): an audited read still completes at once,
    its entry chained later."""
    import psycopg

    read_by(caseworker, 1)  # the head row exists
    params = connection.get_connection_params()
    holder = psycopg.connect(
        **{
            key: params[key]
            for key in ("dbname", "host", "port", "user", "password")
            if params.get(key)
        }
    )
    try:
        holder.execute("SELECT * FROM protection_auditchainhead WHERE id = 1 FOR UPDATE")
        with connection.cursor() as cursor:
            # Waiting would be the defect: make it an error instead of a hang.
            cursor.execute("SET lock_timeout = '2s'")
        try:
            read_by(caseworker, 2)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
        assert AuditEntry.objects.get(record_id="2").seq is None  # chained later
    finally:
        holder.rollback()
        holder.close()

    assert verify() is None
    assert AuditEntry.objects.get(record_id="2").seq == 2
