"""An attacker who can write the database, but holds neither the master key nor the witness,
cannot cut the audit log short, empty it or rewrite it from a point unnoticed."""

from __future__ import annotations

import json
import socket
import stat

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from waypost.protection.audit import audit_record, verify
from waypost.protection.models import AuditEntry

ENTRIES = 6


def read_by(user, number: int) -> None:
    audit_record(
        actor=user,
        action="waypost.tracing.missing_person.read",
        record_type="tracing.missingpersonreport",
        record_id=number,
        purpose="tracing",
    )


def sql(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def rewind_to(size: int) -> None:
    """What the attacker does: delete the entries after ``size`` and set the head back to
    the new last entry, so the chain in the database is whole again."""
    sql("DELETE FROM protection_auditentry WHERE seq > %s", [size])
    last = AuditEntry.objects.get(seq=size)
    sql(
        "UPDATE protection_auditchainhead SET seq = %s, last_hash = %s WHERE id = 1",
        [size, last.entry_hash],
    )


@pytest.fixture
def witnessed(caseworker):
    """A log of ENTRIES entries whose head was witnessed by `waypost audit verify`."""
    for number in range(1, ENTRIES + 1):
        read_by(caseworker, number)
    call_command("audit", "verify")


@pytest.fixture
def witness_file(witnessed, settings):
    return settings.AUDIT_WITNESS_PATH


def test_truncating_the_last_entries_and_resetting_the_head_is_detected(witnessed):
    rewind_to(ENTRIES - 2)

    broken = verify()
    assert broken is not None
    assert broken.seq == ENTRIES - 1
    assert "removed from the end" in broken.reason
    with pytest.raises(CommandError, match=f"{ENTRIES} entries were witnessed"):
        call_command("audit", "verify")


def test_wiping_the_log_and_its_head_is_detected(witnessed):
    sql("DELETE FROM protection_auditentry", [])
    sql("DELETE FROM protection_auditchainhead", [])

    broken = verify()
    assert broken is not None
    assert "the log ends at entry 0" in broken.reason
    with pytest.raises(CommandError, match="truncated or wiped"):
        call_command("audit", "verify")


def test_an_entry_rewritten_after_rewinding_the_log_is_detected(witnessed, caseworker):
    """The log is cut back and grows again with other entries: every link is valid (Waypost
    chained them), but the entry at the witnessed size is not the one witnessed."""
    rewind_to(ENTRIES - 2)
    for number in range(100, 104):
        read_by(caseworker, number)

    broken = verify()
    assert broken is not None
    assert broken.seq == ENTRIES
    assert "rewound and rewritten" in broken.reason
    with pytest.raises(CommandError, match=f"entry {ENTRIES}"):
        call_command("audit", "verify")


def test_a_new_checkpoint_is_refused_for_a_rewound_log(witness_file):
    """The periodic job must not witness the shorter log: that would bless the rewind."""
    rewind_to(ENTRIES - 2)
    before = witness_file.read_text()

    with pytest.raises(CommandError, match="rewound"):
        call_command("audit", "checkpoint")
    assert witness_file.read_text() == before


def test_a_checkpoint_is_written_only_when_the_log_grew(witness_file, caseworker, capsys):
    lines = witness_file.read_text().splitlines()
    assert [json.loads(line)["size"] for line in lines] == [ENTRIES]

    call_command("audit", "checkpoint")
    assert "Nothing new to witness." in capsys.readouterr().out
    read_by(caseworker, 99)
    call_command("audit", "checkpoint")

    sizes = [json.loads(line)["size"] for line in witness_file.read_text().splitlines()]
    assert sizes == [ENTRIES, ENTRIES + 1]


def test_the_witness_is_private_to_waypost(witness_file):
    assert stat.S_IMODE(witness_file.stat().st_mode) == 0o600


def test_a_checkpoint_forged_without_the_key_is_refused(witness_file):
    record = json.loads(witness_file.read_text().splitlines()[-1])
    record["size"] = 2  # an attacker with the file but not the key lowers the witnessed size
    with witness_file.open("a") as handle:
        handle.write(json.dumps(record) + "\n")

    broken = verify()
    assert broken is not None
    assert "signature does not match" in broken.reason


def test_verify_checks_a_copy_of_the_checkpoints_kept_elsewhere(witness_file, tmp_path):
    """The local witness is lost with the server; the syslog server's copy still shows
    how long the log was."""
    copy = tmp_path / "syslog.log"
    copy.write_text(
        "".join(
            f"Dec  7 14:00:00 waypost-host waypost: waypost-audit {line}\x00\n"
            for line in witness_file.read_text().splitlines()
        )
        + "Dec  7 14:00:01 waypost-host cron[1]: (root) CMD (run-parts)\n"
    )
    witness_file.unlink()
    rewind_to(ENTRIES - 1)

    assert verify() is None  # nothing left to compare with here
    broken = verify(witnesses=[copy])
    assert broken is not None
    assert "removed from the end" in broken.reason
    with pytest.raises(CommandError, match="removed from the end"):
        call_command("audit", "verify", "--witness", str(copy))


def test_checkpoints_are_also_sent_to_syslog(caseworker, settings):
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(10)
    settings.AUDIT_SYSLOG = (("127.0.0.1", receiver.getsockname()[1]), socket.SOCK_DGRAM)
    try:
        read_by(caseworker, 1)
        call_command("audit", "checkpoint")
        message = receiver.recv(4096).decode()
    finally:
        receiver.close()

    assert "waypost-audit" in message
    assert json.loads(message[message.index("{") :].rstrip("\x00"))["size"] == 1


def test_the_public_key_checks_checkpoints_without_the_master_key(witness_file, capsys):
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from waypost.protection.witness import signed_message

    call_command("audit", "public-key")
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(capsys.readouterr().out.strip()))
    record = json.loads(witness_file.read_text().splitlines()[-1])

    key.verify(
        base64.b64decode(record["sig"]),
        signed_message(record["size"], record["head"], record["at"]),
    )
