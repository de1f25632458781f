"""Plate crops and wide views, stored once per content hash under data_dir/lpr/images/."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from rtcc_common.errors import InvalidArgument, NotFound

_MAGIC = {b"\xff\xd8\xff": ("image/jpeg", "jpg"), b"\x89PNG\r\n\x1a\n": ("image/png", "png")}
_CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}
_IMAGE_ID = re.compile(r"^[0-9a-f]{64}\.(jpg|png)$")


@dataclass(frozen=True)
class ImageData:
    data: bytes
    content_type: str


def image_problem(image: ImageData, *, max_bytes: int) -> str | None:
    """Why an image cannot be stored, or None."""
    if len(image.data) > max_bytes:
        return f"image is larger than {max_bytes} bytes"
    if _extension(image.data) is None:
        return "image must be JPEG or PNG"
    return None


def _extension(data: bytes) -> str | None:
    for magic, (_content_type, extension) in _MAGIC.items():
        if data.startswith(magic):
            return extension
    return None


class ImageStore:
    def __init__(self, root: Path) -> None:
        self._root = root

    def _path(self, image_id: str) -> Path:
        return self._root / image_id[:2] / image_id

    def save(self, image: ImageData) -> str:
        """Writes the image durably (fsync before the read that links it is committed)."""
        extension = _extension(image.data)
        if extension is None:
            raise InvalidArgument("image must be JPEG or PNG")
        image_id = f"{hashlib.sha256(image.data).hexdigest()}.{extension}"
        path = self._path(image_id)
        if path.exists():
            return image_id
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        with open(partial, "wb") as handle:
            handle.write(image.data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
        return image_id

    def load(self, image_id: str) -> ImageData:
        if not _IMAGE_ID.match(image_id):
            raise InvalidArgument("not an image id")
        path = self._path(image_id)
        if not path.exists():
            raise NotFound(f"image {image_id} not found")
        return ImageData(path.read_bytes(), _CONTENT_TYPES[image_id.rsplit(".", 1)[1]])

    def delete(self, image_id: str) -> bool:
        if not _IMAGE_ID.match(image_id):
            return False
        try:
            self._path(image_id).unlink()
        except FileNotFoundError:
            return False
        return True
