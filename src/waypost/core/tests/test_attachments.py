from __future__ import annotations

import io

import pytest
from PIL import Image

from waypost.core.attachments import MAX_ATTACHMENT_BYTES, attachment_clean
from waypost.core.exceptions import ApplicationError
from waypost.reporting.tests.conftest import jpeg_with_exif


def test_it_strips_exif_and_gps_from_a_photo():
    original = jpeg_with_exif()
    assert b"SecretCam-4242" in original

    clean = attachment_clean(original + b"appended-secret")

    assert b"SecretCam-4242" not in clean.content
    assert b"appended-secret" not in clean.content
    image = Image.open(io.BytesIO(clean.content))
    assert dict(image.getexif()) == {}
    assert image.size == (40, 30)
    assert clean.content_type == "image/jpeg"


def test_a_png_stays_a_png_without_its_text_chunks():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Secret Author Name")
    buffer = io.BytesIO()
    Image.new("RGBA", (8, 8)).save(buffer, "PNG", pnginfo=info)

    clean = attachment_clean(buffer.getvalue())

    assert clean.content_type == "image/png"
    assert b"Secret Author Name" not in clean.content


def test_it_refuses_files_that_are_not_images():
    with pytest.raises(ApplicationError, match="JPEG, PNG, WebP"):
        attachment_clean(b"%PDF-1.7 secret document")


def test_it_refuses_files_over_the_size_limit():
    with pytest.raises(ApplicationError, match="8 MB"):
        attachment_clean(b"\xff" * (MAX_ATTACHMENT_BYTES + 1))
