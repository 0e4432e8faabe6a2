"""Uploaded images (evidence of abuse, photos of people sought): limits, and no metadata.

Only images are accepted (JPEG, PNG, WebP): they are what a phone produces, and Pillow can
rebuild them from their pixels alone. The upload is decoded and a new file is encoded
from the pixels, so EXIF (GPS position, camera serial number, time taken), XMP, IPTC,
ICC profiles, comments and anything appended after the image data are left behind. The
original file name is dropped too. Other types (PDF, office documents, audio, video) can
carry metadata that cannot be removed reliably, and are refused with a clear message.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from waypost.core.exceptions import ApplicationError

MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024
MAX_ATTACHMENTS_PER_SUBMISSION = 5
MAX_PIXELS = 40_000_000  # a 40-megapixel photograph; larger is a decompression bomb
# Decoded format -> (format written, content type). PNG keeps lossless screenshots lossless.
ACCEPTED = {
    "JPEG": ("JPEG", "image/jpeg"),
    "PNG": ("PNG", "image/png"),
    "WEBP": ("JPEG", "image/jpeg"),
    "MPO": ("JPEG", "image/jpeg"),  # some phones' JPEG with a second frame
}


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def extension(self) -> str:
        return "png" if self.content_type == "image/png" else "jpg"


def attachment_clean(data: bytes) -> CleanFile:
    """Re-encode an uploaded image from its pixels; raise ApplicationError if refused."""
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ApplicationError(
            str(_("A file is too large: each file may be at most 8 MB.")),
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED:
                raise ApplicationError(
                    str(_("Only photos and images (JPEG, PNG, WebP) can be attached."))
                )
            if image.width * image.height > MAX_PIXELS:
                raise ApplicationError(str(_("This image is too large to be processed.")))
            image.load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as exc:
        raise ApplicationError(
            str(_("Only photos and images (JPEG, PNG, WebP) can be attached."))
        ) from exc
    fmt, content_type = ACCEPTED[str(image.format)]
    # Turn the pixels the way the camera meant, since the orientation tag is dropped.
    image = ImageOps.exif_transpose(image) or image
    if fmt == "JPEG":
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    # A new image built from the raw pixels alone: no info dict, no EXIF, no ICC profile.
    bare = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode == "P":
        bare.putpalette(image.getpalette() or [])
    out = io.BytesIO()
    if fmt == "JPEG":
        bare.save(out, format="JPEG", quality=85, optimize=True)
    else:
        bare.save(out, format="PNG", optimize=True)
    return CleanFile(content=out.getvalue(), content_type=content_type)
