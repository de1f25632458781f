"""Turning untrusted upload bytes into a picture, refusing what would hurt the service.

The header is read before any pixel is decoded, so a small file that claims a huge picture
(a decompression bomb) is refused without allocating it.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MIN_IMAGE_SIDE = 16
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG"})


class ImageRejected(Exception):
    """The bytes are not a picture this recognizer accepts; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def decode_image(
    data: bytes,
    *,
    max_bytes: int = MAX_IMAGE_BYTES,
    max_pixels: int = MAX_IMAGE_PIXELS,
) -> np.ndarray:
    """A JPEG or PNG as a BGR uint8 array (OpenCV's order), or ImageRejected."""
    if not data:
        raise ImageRejected("the image is empty")
    if len(data) > max_bytes:
        raise ImageRejected(f"the image is {len(data)} bytes; the limit is {max_bytes} bytes")
    image = _open_checked(data, max_pixels)
    try:
        rgb = image.convert("RGB")
    except (OSError, ValueError, SyntaxError) as error:
        raise ImageRejected(f"the image is corrupt or truncated: {error}") from error
    return np.ascontiguousarray(np.asarray(rgb)[:, :, ::-1])


def _open_checked(data: bytes, max_pixels: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Our own pixel limit applies; PIL's bomb warning would only be noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise ImageRejected("the data is not a readable JPEG or PNG image") from error
    except Image.DecompressionBombError as error:
        raise ImageRejected("the image has too many pixels") from error
    if image.format not in ACCEPTED_FORMATS:
        raise ImageRejected(f"image format {image.format} is not accepted; send JPEG or PNG")
    width, height = image.size
    if width * height > max_pixels:
        raise ImageRejected(
            f"the image is {width}x{height} pixels; the limit is {max_pixels} pixels"
        )
    if min(width, height) < MIN_IMAGE_SIDE:
        raise ImageRejected(f"the image is {width}x{height}; both sides must be at least 16")
    _load_pixels(image)
    return image


def _load_pixels(image: Image.Image) -> None:
    """Decode now, so a truncated file fails here with a clear message."""
    try:
        image.load()
    except (OSError, ValueError, SyntaxError) as error:
        raise ImageRejected(f"the image is corrupt or truncated: {error}") from error
