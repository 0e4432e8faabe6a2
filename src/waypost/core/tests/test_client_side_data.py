"""What a browser keeps of Waypost's pages: nothing in its storage."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/en/accounts/login/", "/en/"])
def test_htmx_keeps_no_copy_of_pages_in_browser_storage(client, db, path):
    page = client.get(path).content.decode()

    assert '"historyCacheSize": 0' in page
