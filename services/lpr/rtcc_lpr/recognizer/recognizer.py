"""PlateRecognizer: image bytes in, the plates in the picture out."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from rtcc_lpr.recognizer.image_input import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, decode_image
from rtcc_lpr.recognizer.localize import PlateCandidate, PlateLine, Rect, find_plate_candidates
from rtcc_lpr.recognizer.ocr_engine import OcrEngine, TextLine
from rtcc_lpr.recognizer.plate_syntax import apply_plate_syntax
from rtcc_lpr.recognizer.reread import second_look_quads
from rtcc_lpr.recognizer.small_print import without_stacked_letters

MAX_PLATE_CHARACTERS = 8
# Reads below this are more often wrong than right: not worth a person's attention.
DEFAULT_MIN_CONFIDENCE = 0.3
# A first read this confident is kept without a second look: one is rarely right where
# the first was this sure, and second looks cost a model call each.
SURE_READ = 0.9
# Characters running into the picture's edge may be a plate cut off (a car entering view).
CUT_OFF_FACTOR = 0.5
_EDGE_PX = 2
# Characters taller than this share of the picture: a close-up of the plate.
_CLOSE_UP_SHARE = 0.25
# Clock and date overlays burnt into camera pictures are digits too, and the detector may box
# a piece of one ("-05-21", "07:27"): no plate has a colon, nor starts with a separator.
_TIMESTAMP = re.compile(
    r"\d{1,4}[-/:.]\d{1,2}[-/:.]\d{1,4}|\d{1,2}:\d{2}|^[-/.]\d{1,2}[-/.]\d{1,4}$"
)


@dataclass(frozen=True)
class RecognizedPlate:
    text: str  # normalised: A-Z and 0-9 only
    raw_text: str  # what the model read, separators included, before any correction
    confidence: float  # 0..1: how likely the whole text is exactly right
    box: tuple[int, int, int, int]  # x, y, width, height of the plate in pixels
    state: str | None  # two-letter code, when the state name is readable on the plate
    corrected: bool  # the plate syntax changed the read (look-alike characters)


class PlateRecognizer:
    """Loads the models from installed packages once. recognize() is thread-safe: model
    calls are serialised, each already using every core."""

    def __init__(
        self,
        *,
        use_gpu: bool | None = None,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
        max_image_bytes: int = MAX_IMAGE_BYTES,
        max_image_pixels: int = MAX_IMAGE_PIXELS,
    ) -> None:
        self._engine = OcrEngine(use_gpu=use_gpu)
        self._min_confidence = min_confidence
        self._max_image_bytes = max_image_bytes
        self._max_image_pixels = max_image_pixels

    @property
    def providers(self) -> list[str]:
        return self._engine.providers

    def recognize(self, image_bytes: bytes) -> list[RecognizedPlate]:
        """Plates in a JPEG or PNG, most confident first. Raises ImageRejected."""
        image = decode_image(
            image_bytes, max_bytes=self._max_image_bytes, max_pixels=self._max_image_pixels
        )
        return self.recognize_array(image)

    def recognize_array(self, image: np.ndarray) -> list[RecognizedPlate]:
        """Plates in a decoded BGR picture (a video frame), most confident first."""
        return self.plates_in(image, self._engine.read_text(image))

    def plates_in(self, image: np.ndarray, lines: list[TextLine]) -> list[RecognizedPlate]:
        """Plates among the text lines read in a picture; a plate not read surely at first
        is read again from tighter crops."""
        size = (image.shape[1], image.shape[0])
        candidates = find_plate_candidates(lines, size)
        first_plates = [_to_plate(c, _first_read(c.line), size) for c in candidates]
        second_looks = [
            _second_look_quads(candidate.line) if not _sure(plate, candidate) else []
            for candidate, plate in zip(candidates, first_plates, strict=True)
        ]
        all_quads = [quad for quads in second_looks for quad in quads]
        rereads = iter(self._engine.read_regions(image, all_quads))
        plates = []
        for candidate, first, quads in zip(candidates, first_plates, second_looks, strict=True):
            others = [_to_plate(candidate, next(rereads), size) for _ in quads]
            plate = max(
                (p for p in [first, *others] if p is not None),
                key=lambda p: p.confidence,
                default=None,
            )
            if plate is not None and plate.confidence >= self._min_confidence:
                plates.append(plate)
        return sorted(plates, key=lambda plate: plate.confidence, reverse=True)


def _sure(plate: RecognizedPlate | None, candidate: PlateCandidate) -> bool:
    """A first read sure enough that a second look would not change it (one line joined
    from several boxes is always read again whole)."""
    return plate is not None and plate.confidence >= SURE_READ and candidate.line.pieces == 1


def _first_read(line: PlateLine) -> TextLine:
    return TextLine(
        quad=line.quad, characters=line.characters, raw_text=line.raw_text, crop=line.crop
    )


def _second_look_quads(line: PlateLine) -> list[np.ndarray]:
    """Tighter crops, and for boxes joined into one line the whole line in one crop (the
    model reads the characters at the seams better with their neighbours in view)."""
    quads = second_look_quads(line.quad)
    return [line.quad, *quads] if line.pieces > 1 else quads


def _to_plate(
    candidate: PlateCandidate, line: TextLine, image_size: tuple[int, int]
) -> RecognizedPlate | None:
    if _TIMESTAMP.search(line.raw_text):
        return None
    characters, stacked = without_stacked_letters(line.crop, line.characters)
    read = apply_plate_syntax(characters, special=stacked)
    if not 2 <= len(read.text) <= MAX_PLATE_CHARACTERS:
        return None
    confidence = read.confidence
    if _cut_off(candidate.line.rect, image_size):
        confidence *= CUT_OFF_FACTOR
    return RecognizedPlate(
        text=read.text,
        raw_text=line.raw_text,
        confidence=round(confidence, 4),
        box=_box(candidate.plate_rect),
        state=candidate.state,
        corrected=read.corrected > 0,
    )


def _cut_off(rect: Rect, image_size: tuple[int, int]) -> bool:
    """Small characters running into the edge of a scene: a plate partly out of view.

    In a close-up of a plate the characters fill the picture and reach its edges anyway."""
    width, height = image_size
    left, top, right, bottom = rect
    if bottom - top > _CLOSE_UP_SHARE * height:
        return False
    return (
        left <= _EDGE_PX
        or top <= _EDGE_PX
        or right >= width - _EDGE_PX
        or bottom >= height - _EDGE_PX
    )


def _box(rect: Rect) -> tuple[int, int, int, int]:
    left, top, right, bottom = (round(value) for value in rect)
    return left, top, right - left, bottom - top
