"""The recognizer on synthetic scenes with known plates, empty scenes and bad uploads."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from PIL import Image, ImageDraw

from rtcc_lpr.recognizer import ImageRejected, PlateRecognizer
from rtcc_lpr.recognizer.image_input import MAX_IMAGE_BYTES
from rtcc_lpr.recognizer.ocr_engine import OcrEngine
from rtcc_lpr.recognizer.small_print import without_stacked_letters
from rtcc_lpr.recognizer.synthetic import (
    draw_plate,
    font,
    render_empty_scene,
    render_scene,
    to_jpeg,
)


@pytest.fixture(scope="module")
def recognizer() -> PlateRecognizer:
    return PlateRecognizer()


@pytest.fixture(scope="module")
def engine() -> OcrEngine:
    return OcrEngine()


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """Intersection over the smaller box."""
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    return width * height / min(a[2] * a[3], b[2] * b[3])


@pytest.mark.parametrize(("seed", "text"), [(1, "7ABC123"), (2, "KTM4829"), (3, "482HNB")])
def test_synthetic_plate_is_read_with_its_state_and_place(
    recognizer: PlateRecognizer, seed: int, text: str
) -> None:
    scene = render_scene(random.Random(seed), text, plate_width=300)

    plates = recognizer.recognize(scene.image)

    assert [plate.text for plate in plates] == [text]
    plate = plates[0]
    assert plate.state == scene.state
    assert plate.confidence > 0.5
    assert _overlap(plate.box, scene.box) > 0.5


@pytest.mark.parametrize(("number", "stacked"), [("2515", "BR"), ("5501", "BB")])
def test_stacked_code_beside_the_number_is_not_part_of_it(
    engine: OcrEngine, number: str, stacked: str
) -> None:
    # A code printed one letter above the other before the number (a class or sponsor
    # code) is no part of the registration, though the model reads it as a character.
    plate = np.asarray(draw_plate(number, "Massachusetts", width=320, stacked=stacked))
    number_band = np.array([[4, 44], [316, 44], [316, 132], [4, 132]], dtype=np.float32)
    line = engine.read_regions(np.ascontiguousarray(plate[:, :, ::-1]), [number_band])[0]
    assert "".join(c.char for c in line.characters) != number

    kept, dropped = without_stacked_letters(line.crop, line.characters)

    assert "".join(c.char for c in kept) == number
    assert dropped


def test_png_upload_is_read(recognizer: PlateRecognizer) -> None:
    scene = render_scene(random.Random(9), "5KDW311", plate_width=280)
    buffer = io.BytesIO()
    Image.open(io.BytesIO(scene.image)).save(buffer, format="PNG")

    assert [plate.text for plate in recognizer.recognize(buffer.getvalue())] == ["5KDW311"]


def test_scene_without_a_plate_returns_none(recognizer: PlateRecognizer) -> None:
    assert recognizer.recognize(render_empty_scene(random.Random(4))) == []


# A camera's clock overlay, whole or the piece of it that the detector boxed on its own.
@pytest.mark.parametrize("overlay", ["2014-06-16 06:46:42", "-05-21", "07:27"])
def test_clock_overlay_is_not_a_plate(recognizer: PlateRecognizer, overlay: str) -> None:
    image = Image.new("RGB", (800, 400), (240, 240, 240))
    draw = ImageDraw.Draw(image)
    draw.text((40, 60), overlay, font=font(40), fill=(0, 0, 0))
    assert recognizer.recognize(to_jpeg(image)) == []


def test_corrupt_image_is_rejected(recognizer: PlateRecognizer) -> None:
    with pytest.raises(ImageRejected, match="not a readable JPEG or PNG"):
        recognizer.recognize(b"this is not an image at all")


def test_truncated_jpeg_is_rejected(recognizer: PlateRecognizer) -> None:
    image = render_scene(random.Random(5), "ABC1234").image
    with pytest.raises(ImageRejected, match="corrupt or truncated"):
        recognizer.recognize(image[: len(image) // 3])


def test_empty_upload_is_rejected(recognizer: PlateRecognizer) -> None:
    with pytest.raises(ImageRejected, match="empty"):
        recognizer.recognize(b"")


def test_too_many_bytes_is_rejected(recognizer: PlateRecognizer) -> None:
    with pytest.raises(ImageRejected, match="bytes; the limit"):
        recognizer.recognize(b"\xff\xd8" + b"\0" * MAX_IMAGE_BYTES)


def test_too_many_pixels_is_rejected_before_decoding(recognizer: PlateRecognizer) -> None:
    # 64 megapixels of one colour compress to a few kilobytes: a decompression bomb.
    buffer = io.BytesIO()
    Image.new("1", (8000, 8000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 100_000

    with pytest.raises(ImageRejected, match="pixels; the limit"):
        recognizer.recognize(buffer.getvalue())


def test_other_formats_are_rejected(recognizer: PlateRecognizer) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64)).save(buffer, format="GIF")
    with pytest.raises(ImageRejected, match="GIF is not accepted"):
        recognizer.recognize(buffer.getvalue())
