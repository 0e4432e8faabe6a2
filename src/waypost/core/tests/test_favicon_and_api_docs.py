"""The site's icon, and the API documentation page under the strict content policy."""

from __future__ import annotations

from io import BytesIO

from PIL import Image


def test_favicon_ico_is_a_real_icon(client, db):
    response = client.get("/favicon.ico", follow=True)

    assert response.status_code == 200
    icon = Image.open(BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"]


def test_pages_name_their_icon(client, db):
    html = client.get("/en/").content.decode()

    assert 'rel="icon"' in html
    assert "waypost/favicon.svg" in html


def test_api_docs_page_has_no_inline_style_or_script(client, db):
    html = client.get("/api/docs/").content.decode()

    assert "<style" not in html
    assert "<script>" not in html
    assert "api-docs.css" in html
