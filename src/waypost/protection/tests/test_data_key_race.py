"""An organisation's first data key, asked for by several requests at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from waypost.protection.keys import current_data_key
from waypost.protection.models import DataKey

REQUESTS = 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's IMMEDIATE transactions run these one after the other",
)
def test_concurrent_first_uses_share_one_data_key(organisation):
    start = threading.Barrier(REQUESTS)
    keys: list[int] = []
    errors: list[BaseException] = []

    def first_use() -> None:
        try:
            start.wait()
            keys.append(current_data_key(organisation.pk)[0])
        except BaseException as error:  # noqa: BLE001 - the test reports what went wrong
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first_use) for _ in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert DataKey.objects.filter(organisation=organisation).count() == 1
    assert set(keys) == {DataKey.objects.get(organisation=organisation).key_id}
