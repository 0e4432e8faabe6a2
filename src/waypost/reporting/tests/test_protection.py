"""Reports are sealed per recipient organisation, and every access is on a hash chain."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from waypost.protection.audit import verify
from waypost.protection.fields import key_id_of
from waypost.protection.models import AuditEntry, DataKey
from waypost.reporting import selectors, services
from waypost.reporting.models import Report
from waypost.reporting.tests.conftest import SECRET_ACCOUNT

pytestmark = pytest.mark.django_db


def test_content_is_sealed_for_the_recipient_organisation_only(submitted, make_organisation):
    report, _ = submitted
    raw = bytes(Report.objects.values_list("content_sealed", flat=True).get())

    assert SECRET_ACCOUNT.encode() not in raw
    assert Report.objects.get().content["what_happened"] == SECRET_ACCOUNT
    key = DataKey.objects.get(key_id=key_id_of(raw))
    assert key.organisation_id == report.organisation_id


def test_every_read_and_change_is_audited_without_content(submitted, handler):
    report, receipt = submitted

    selectors.report_get_for_handler(user=handler, public_id=report.public_id)
    selectors.report_reporter_view(report=selectors.report_for_receipt(receipt=receipt))
    services.handler_message_add(actor=handler, report=report, body="Question")

    actions = list(AuditEntry.objects.order_by("id").values_list("action", "actor_username"))
    assert actions == [
        ("waypost.report.submitted", ""),
        ("waypost.report.read", "handler"),
        ("waypost.report.read_by_reporter", ""),
        ("waypost.report.handler_message_added", "handler"),
    ]
    dump = repr(list(AuditEntry.objects.values()))
    assert SECRET_ACCOUNT not in dump and "Question" not in dump
    reporter_entry = AuditEntry.objects.get(action="waypost.report.submitted")
    assert (reporter_entry.at.hour, reporter_entry.at.minute, reporter_entry.at.second) == (0, 0, 0)


def test_report_accesses_are_on_the_central_audit_chain(submitted, handler, capsys):
    report, _ = submitted
    for _ in range(3):
        selectors.report_get_for_handler(user=handler, public_id=report.public_id)
    assert verify() is None
    call_command("audit", "verify")

    second = AuditEntry.objects.order_by("seq")[1]
    AuditEntry.objects.filter(pk=second.pk).update(actor_username="someone-else")
    assert verify().seq == second.seq
    with pytest.raises(CommandError, match=f"entry {second.seq}"):
        call_command("audit", "verify")
