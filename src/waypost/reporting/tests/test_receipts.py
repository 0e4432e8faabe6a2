from __future__ import annotations

from waypost.reporting.receipts import (
    receipt_display,
    receipt_hash,
    receipt_new,
    receipt_normalise,
)


def test_a_receipt_is_sixteen_random_digits():
    receipts = {receipt_new() for _ in range(200)}

    assert len(receipts) == 200
    assert all(len(r) == 16 and r.isdigit() for r in receipts)


def test_the_typed_receipt_may_have_spaces_dashes_or_arabic_digits():
    assert receipt_normalise("1234 5678-9012 3456") == "1234567890123456"
    assert receipt_normalise("١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦") == "1234567890123456"
    assert receipt_normalise("12345") is None
    assert receipt_normalise("abcd5678abcd3456") is None


def test_the_receipt_is_stored_as_a_keyed_hash_only():
    receipt = receipt_new()
    stored = receipt_hash(receipt)

    assert receipt not in stored
    assert len(stored) == 64
    assert receipt_hash(receipt) == stored
    assert receipt_hash(receipt_new()) != stored


def test_the_receipt_is_shown_in_groups_of_four():
    assert receipt_display("1234567890123456") == "1234 5678 9012 3456"
