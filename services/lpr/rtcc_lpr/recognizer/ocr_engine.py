"""The PP-OCR detection and recognition models shipped inside the rapidocr-onnxruntime wheel.

Nothing is downloaded: the ONNX files are part of the installed package. rapidocr's own
pipeline is used for the detector and the crops; recognition runs the model session
directly, because the plate decoder needs the per-step probabilities that rapidocr's
decoder throws away.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import cv2
import numpy as np
import onnxruntime
from rapidocr_onnxruntime import RapidOCR

from rtcc_lpr.recognizer.ctc import PlateCtcDecoder, ReadCharacter

# Larger pictures are shrunk before detection: the detector's cost grows with the area. Not
# below this: shrinking 1280x720 street pictures to 960 wide cost about 5 points of exact
# reads on both halves of the real US set. The lines found are read from the full picture.
MAX_DETECTION_SIDE = 1920
# Small pictures (a plate crop) are enlarged so their shorter side is at least this.
MIN_DETECTION_SIDE = 640
_REC_HEIGHT = 48
# The recognition model emits one time step per this many input columns.
_REC_PIXELS_PER_STEP = 8
_REC_BATCH = 8
# The recognizer pads every crop to at least this width for its height (PaddleOCR's 320x48).
_REC_MIN_RATIO = 320 / 48
# A batch's widest crop is at most this many times its narrowest one.
_REC_MAX_PADDING = 1.5


@dataclass(frozen=True)
class TextLine:
    """A line of text the detector found and what the recognizer read in it."""

    quad: np.ndarray  # 4x2, clockwise from top-left, in the caller's image pixels
    characters: list[ReadCharacter]
    raw_text: str
    crop: np.ndarray | None = None  # the line as the recognizer saw it, straightened

    @property
    def rect(self) -> tuple[float, float, float, float]:
        xs, ys = self.quad[:, 0], self.quad[:, 1]
        return float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())

    @property
    def height(self) -> float:
        left = float(np.linalg.norm(self.quad[0] - self.quad[3]))
        right = float(np.linalg.norm(self.quad[1] - self.quad[2]))
        return (left + right) / 2


def cuda_available() -> bool:
    return "CUDAExecutionProvider" in onnxruntime.get_available_providers()


class OcrEngine:
    """Text detection and plate-character reading. Model calls are serialised by a lock;
    each call already spreads over every core through onnxruntime's own threads."""

    def __init__(
        self, *, use_gpu: bool | None = None, max_detection_side: int = MAX_DETECTION_SIDE
    ) -> None:
        gpu = cuda_available() if use_gpu is None else use_gpu
        self._max_detection_side = max_detection_side
        self._ocr = RapidOCR(
            det_use_cuda=gpu,
            rec_use_cuda=gpu,
            cls_use_cuda=gpu,
            det_limit_side_len=MIN_DETECTION_SIDE,
        )
        self._decoder = PlateCtcDecoder(self._ocr.text_rec.postprocess_op.character)
        self._lock = threading.Lock()

    @property
    def providers(self) -> list[str]:
        """The onnxruntime execution providers the recognition session really uses."""
        return list(self._ocr.text_rec.session.session.get_providers())

    def read_text(self, image: np.ndarray) -> list[TextLine]:
        """Every text line in a BGR picture, read as plate characters."""
        scale = min(1.0, self._max_detection_side / max(image.shape[:2]))
        working = image if scale == 1.0 else _resize(image, scale)
        with self._lock:
            found, _ = self._ocr.text_det(working)
            if found is None or len(found) == 0:
                return []
            # Read each line from the full picture: a shrunk plate loses character detail.
            quads = [np.asarray(quad, dtype=np.float32) / scale for quad in found]
            crops = self._ocr.get_crop_img_list(image, [quad.copy() for quad in quads])
            readings = self._recognize(crops)
        return [
            TextLine(quad=quad, characters=characters, raw_text=raw, crop=crop)
            for quad, crop, (characters, raw) in zip(quads, crops, readings, strict=True)
        ]

    def read_regions(self, image: np.ndarray, quads: list[np.ndarray]) -> list[TextLine]:
        """Read the given regions of a BGR picture (4x2 quads, clockwise from top-left) as
        text lines, without detection: a second look at a region already found."""
        if not quads:
            return []
        crops = self._ocr.get_crop_img_list(image, [quad.astype(np.float32) for quad in quads])
        with self._lock:
            readings = self._recognize(crops)
        return [
            TextLine(quad=quad, characters=characters, raw_text=raw, crop=crop)
            for quad, crop, (characters, raw) in zip(quads, crops, readings, strict=True)
        ]

    def _recognize(self, crops: list[np.ndarray]) -> list[tuple[list[ReadCharacter], str]]:
        results: list[tuple[list[ReadCharacter], str]] = [([], "")] * len(crops)
        for batch in _batches_of_similar_width(crops):
            probabilities, widths = self._run_recognizer([crops[i] for i in batch])
            for index, matrix, width in zip(batch, probabilities, widths, strict=True):
                results[index] = self._decoder.decode(matrix, width / _REC_PIXELS_PER_STEP)
        return results

    def _run_recognizer(self, crops: list[np.ndarray]) -> tuple[np.ndarray, list[int]]:
        """The model's (T, symbols) matrix for each crop, and each crop's resized width."""
        # Crops of one batch share the widest one's width, as PaddleOCR pads them.
        widest = max(max(c.shape[1] / c.shape[0] for c in crops), _REC_MIN_RATIO)
        width = math.ceil(_REC_HEIGHT * widest)
        batch = np.zeros((len(crops), 3, _REC_HEIGHT, width), dtype=np.float32)
        widths = []
        for slot, crop in enumerate(crops):
            resized_width = min(width, math.ceil(_REC_HEIGHT * crop.shape[1] / crop.shape[0]))
            resized = cv2.resize(crop, (resized_width, _REC_HEIGHT)).astype(np.float32)
            batch[slot, :, :, :resized_width] = (resized.transpose(2, 0, 1) / 255 - 0.5) / 0.5
            widths.append(resized_width)
        return self._ocr.text_rec.session(batch)[0], widths


def _batches_of_similar_width(crops: list[np.ndarray]) -> list[list[int]]:
    """Crop indices in batches whose widths (at the model's height) are alike: a batch is
    padded to its widest crop, and one long slogan would make every plate in its batch cost
    as much as itself."""
    ratios = [max(crop.shape[1] / crop.shape[0], _REC_MIN_RATIO) for crop in crops]
    batches: list[list[int]] = []
    for index in sorted(range(len(crops)), key=lambda i: ratios[i]):
        if (
            batches
            and len(batches[-1]) < _REC_BATCH
            and ratios[index] <= _REC_MAX_PADDING * ratios[batches[-1][0]]
        ):
            batches[-1].append(index)
        else:
            batches.append([index])
    return batches


def _resize(image: np.ndarray, scale: float) -> np.ndarray:
    size = (max(1, round(image.shape[1] * scale)), max(1, round(image.shape[0] * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)
