"""Stacked letters beside a plate's registration number.

Many US plates print a short code beside the number with one letter above the other ("HC"
on a disability plate, a class, county or sponsor code). The recognizer reads such a stack
as one or two more characters of the number, but it is no part of the registration. In a
binarised crop of the line a stack is unmistakable: two glyphs, each well under the height
of the number's own characters, one above the other, beyond the number's first or last
character.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from rtcc_lpr.recognizer.ctc import ReadCharacter

_WORKING_HEIGHT = 96
# Ink components shorter than this share of the working height are specks or small print.
_MIN_GLYPH_SHARE = 0.12
# The number's characters: at least this many glyphs of about the same height.
_MIN_NUMBER_GLYPHS = 3
_SAME_HEIGHT = 0.15  # relative spread of the number's glyph heights
# Narrower than this share of its height: a plate edge or frame, not a character ("1" is wider).
_MIN_WIDTH_SHARE = 0.12
# Each stacked letter is this share of the number's character height.
_STACKED_SHARE = (0.25, 0.62)
# ...and at least this share of its width (a narrower piece is a broken glyph or an edge).
_STACKED_MIN_WIDTH = 0.35
# The stack stands right beside the number: at most this many character widths away.
_STACK_GAP = 1.0
# Together the two letters span at least this share of the number's character height.
_STACK_SPAN = 0.7
# One letter above the other: their horizontal spans overlap by this share of the narrower.
_STACK_OVERLAP = 0.5


@dataclass(frozen=True)
class _Box:
    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


def without_stacked_letters(
    crop: np.ndarray | None, characters: list[ReadCharacter]
) -> tuple[list[ReadCharacter], bool]:
    """The characters less those read from a stack of letters at either end of the number,
    and whether any were dropped."""
    if crop is None or crop.size == 0 or len(characters) < 2:
        return characters, False
    boxes = _glyph_boxes(crop)
    number = _number_glyphs(boxes)
    if not number:
        return characters, False
    width = _working_width(crop)
    kept = characters
    for end in (number[0], number[-1]):
        stack = _stack_beside(boxes, number, end)
        if stack is not None:
            # The model places characters only roughly: each goes to the nearer glyph.
            kept = [
                c
                for c in kept
                if abs(c.centre * width - _middle(stack)) > abs(c.centre * width - _middle(end))
            ]
    dropped = len(kept) < len(characters)
    return (kept, True) if dropped and len(kept) >= 2 else (characters, False)


def _middle(box: _Box) -> float:
    return box.left + box.width / 2


def _working_width(crop: np.ndarray) -> int:
    return max(1, round(crop.shape[1] * _WORKING_HEIGHT / crop.shape[0]))


def _glyph_boxes(crop: np.ndarray) -> list[_Box]:
    binary = _ink(crop)
    count, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    boxes = [
        _Box(*(int(value) for value in stats[label, :4]))
        for label in range(1, count)
        if stats[label, cv2.CC_STAT_HEIGHT] >= _MIN_GLYPH_SHARE * _WORKING_HEIGHT
    ]
    return sorted(boxes, key=lambda box: box.left)


def _number_glyphs(boxes: list[_Box]) -> list[_Box]:
    """The tallest glyphs that come at least _MIN_NUMBER_GLYPHS of one height (slogans and
    state names are more numerous, but smaller), left to right."""
    usable = [
        box
        for box in boxes
        if box.height < 0.98 * _WORKING_HEIGHT and box.width >= _MIN_WIDTH_SHARE * box.height
    ]
    for reference in sorted(usable, key=lambda box: box.height, reverse=True):
        alike = [
            box
            for box in usable
            if abs(box.height - reference.height) <= _SAME_HEIGHT * reference.height
        ]
        if len(alike) >= _MIN_NUMBER_GLYPHS:
            return alike
    return []


def _stack_beside(boxes: list[_Box], number: list[_Box], end: _Box) -> _Box | None:
    """Two small glyphs one above the other, on the number's band, beyond its `end` glyph
    (first or last); the box around both, or None."""
    height = float(np.median([box.height for box in number]))
    width = float(np.median([box.width for box in number]))
    top = min(box.top for box in number)
    bottom = max(box.bottom for box in number)
    left_side = end is number[0]
    low, high = _STACKED_SHARE
    small = [
        box
        for box in boxes
        if low * height <= box.height <= high * height
        and box.width >= _STACKED_MIN_WIDTH * width
        and box.top >= top - 0.15 * height
        and box.bottom <= bottom + 0.15 * height
        and (
            end.left - _STACK_GAP * width <= box.right <= end.left + 0.1 * height
            if left_side
            else end.right - 0.1 * height <= box.left <= end.right + _STACK_GAP * width
        )
    ]
    for upper in small:
        for lower in small:
            if _one_above_other(upper, lower, height):
                left, right = min(upper.left, lower.left), max(upper.right, lower.right)
                return _Box(left, upper.top, right - left, lower.bottom - upper.top)
    return None


def _one_above_other(upper: _Box, lower: _Box, number_height: float) -> bool:
    if upper is lower or upper.bottom > lower.top + 0.1 * number_height:
        return False
    overlap = min(upper.right, lower.right) - max(upper.left, lower.left)
    if overlap < _STACK_OVERLAP * min(upper.width, lower.width):
        return False
    return lower.bottom - upper.top >= _STACK_SPAN * number_height


def _ink(crop: np.ndarray) -> np.ndarray:
    """The line's glyphs as white on black: Otsu's threshold, with the polarity chosen so that
    the crop's border (mostly plate background) is black."""
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    gray = cv2.resize(gray, (_working_width(crop), _WORKING_HEIGHT))
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    border = np.concatenate([binary[0], binary[-1], binary[:, 0], binary[:, -1]])
    return cv2.bitwise_not(binary) if (border > 0).mean() > 0.5 else binary
