"""Finding plates among the text lines of a picture.

A plate's registration number is the tallest text on the plate: stickers, slogans, dealer
frames and the state name are smaller and sit around it. So a line of 2-8 plate
characters is a plate candidate unless a taller candidate shares its plate-sized
neighbourhood. Characters spread apart by a gap or an emblem ("637 [emblem] RJH") come
out of the detector as separate boxes and are joined first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from rtcc_lpr.recognizer.ctc import ReadCharacter
from rtcc_lpr.recognizer.ocr_engine import TextLine
from rtcc_lpr.recognizer.states import state_from_slogan, state_from_text

Rect = tuple[float, float, float, float]  # left, top, right, bottom

MIN_PLATE_CHARACTERS = 2
# One more than the longest US plate: a syntax fix may still drop an emblem read as a character.
MAX_READ_CHARACTERS = 9
# Characters shorter than this many pixels cannot be read reliably.
MIN_CHARACTER_HEIGHT = 8.0
# US plates are 12 x 6 inches with characters about 2.75 inches tall.
PLATE_WIDTH_PER_CHARACTER_HEIGHT = 4.4
PLATE_HEIGHT_PER_CHARACTER_HEIGHT = 2.2
# Another candidate this much taller nearby means this one is small print on that plate.
_TALLER = 1.25
_JOIN_MAX_GAP = 2.5  # in character heights: an emblem between groups is that wide
_JOIN_HEIGHT_RATIO = 1.35
# Detector boxes are padded around their text, so neighbours' boxes overlap.
_JOIN_MAX_OVERLAP = 0.6  # in character heights
_JOIN_MAX_CENTRE_SHIFT = 0.35  # in character heights


@dataclass
class PlateLine:
    """Joined text lines that read as one plate's characters."""

    rect: Rect
    height: float
    characters: list[ReadCharacter]
    raw_text: str
    quad: np.ndarray  # 4x2, clockwise from top-left: the first box's left, the last's right
    pieces: int = 1  # detector boxes joined into this line
    crop: np.ndarray | None = None  # as the recognizer saw it, for a line of one box


@dataclass(frozen=True)
class PlateCandidate:
    line: PlateLine
    plate_rect: Rect  # the estimated plate around the characters
    state: str | None


def find_plate_candidates(
    lines: list[TextLine], image_size: tuple[int, int]
) -> list[PlateCandidate]:
    """Plate candidates, each with the state named near it, from all text lines."""
    joined = join_split_lines([_as_plate_line(line) for line in lines if line.characters])
    readable = [
        line
        for line in joined
        if MIN_PLATE_CHARACTERS <= len(line.characters) <= MAX_READ_CHARACTERS
        and line.height >= MIN_CHARACTER_HEIGHT
        and state_from_text(line.raw_text) is None
    ]
    candidates = []
    for line in readable:
        plate_rect = estimate_plate_rect(line, image_size)
        if any(_is_taller_neighbour(other, line, plate_rect, image_size) for other in readable):
            continue
        candidates.append(PlateCandidate(line, plate_rect, _state_near(lines, line)))
    return candidates


def _as_plate_line(line: TextLine) -> PlateLine:
    return PlateLine(
        line.rect, line.height, list(line.characters), line.raw_text, line.quad, crop=line.crop
    )


def join_split_lines(lines: list[PlateLine]) -> list[PlateLine]:
    """Join boxes that continue each other on the same baseline, left to right."""
    remaining = sorted(lines, key=lambda line: line.rect[0])
    joined: list[PlateLine] = []
    for line in remaining:
        target = next((done for done in joined if _continues(done, line)), None)
        if target is None:
            joined.append(replace(line, characters=list(line.characters)))
            continue
        characters = line.characters
        if _overlap_repeats_character(target, line):
            characters = characters[1:]
        target.rect = _union(target.rect, line.rect)
        target.characters.extend(characters)
        target.raw_text = f"{target.raw_text} {line.raw_text}"
        target.height = max(target.height, line.height)
        target.quad = np.array([target.quad[0], line.quad[1], line.quad[2], target.quad[3]])
        target.pieces += 1
        target.crop = None
    return joined


def _continues(left: PlateLine, right: PlateLine) -> bool:
    height = min(left.height, right.height)
    if max(left.height, right.height) > _JOIN_HEIGHT_RATIO * height:
        return False
    gap = right.rect[0] - left.rect[2]
    if not -_JOIN_MAX_OVERLAP * height <= gap <= _JOIN_MAX_GAP * height:
        return False
    shift = abs((left.rect[1] + left.rect[3]) - (right.rect[1] + right.rect[3])) / 2
    return shift <= _JOIN_MAX_CENTRE_SHIFT * height


def _overlap_repeats_character(left: PlateLine, right: PlateLine) -> bool:
    """Overlapping boxes both read the character at the seam ("MRK5" + "589")."""
    return (
        right.rect[0] < left.rect[2]
        and bool(left.characters)
        and bool(right.characters)
        and left.characters[-1].char == right.characters[0].char
    )


def estimate_plate_rect(line: PlateLine, image_size: tuple[int, int]) -> Rect:
    """The plate around its characters, from the standard plate's proportions."""
    width, height = image_size
    centre_x = (line.rect[0] + line.rect[2]) / 2
    centre_y = (line.rect[1] + line.rect[3]) / 2
    half_w = max(line.rect[2] - line.rect[0], PLATE_WIDTH_PER_CHARACTER_HEIGHT * line.height) / 2
    half_h = PLATE_HEIGHT_PER_CHARACTER_HEIGHT * line.height / 2
    return (
        max(0.0, centre_x - half_w),
        max(0.0, centre_y - half_h),
        min(float(width), centre_x + half_w),
        min(float(height), centre_y + half_h),
    )


def _is_taller_neighbour(
    other: PlateLine, line: PlateLine, plate_rect: Rect, image_size: tuple[int, int]
) -> bool:
    """A taller candidate near this line, or whose plate this line lies on (a sticker)."""
    if other is line or other.height <= _TALLER * line.height:
        return False
    return _overlaps(other.rect, plate_rect) or _overlaps(
        line.rect, estimate_plate_rect(other, image_size)
    )


def _state_near(lines: list[TextLine], plate: PlateLine) -> str | None:
    """The state named on the plate, by name or else by slogan: a line within a plate's
    height above or below it, or a row of such lines ("NEW" "JERSEY", "Washington," "D.C.")."""
    h = plate.height
    around = (
        plate.rect[0] - 1.5 * h,
        plate.rect[1] - 1.6 * h,
        plate.rect[2] + 1.5 * h,
        plate.rect[3] + 1.6 * h,
    )
    nearby = [
        line for line in lines if line.height <= plate.height and _overlaps(line.rect, around)
    ]
    # Rows first: on a tie the longer text is the more specific name.
    texts = _rows_of_text(nearby) + [line.raw_text for line in nearby]
    for reading in (state_from_text, state_from_slogan):
        named = [found for text in texts if (found := reading(text)) is not None]
        if named:
            return max(named, key=lambda found: found[1])[0]
    return None


def _rows_of_text(lines: list[TextLine]) -> list[str]:
    """The texts of lines side by side on one row, joined left to right (rows of two or
    more lines only)."""
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda line: line.rect[0]):
        centre = (line.rect[1] + line.rect[3]) / 2
        row = next(
            (
                row
                for row in rows
                if abs(centre - (row[-1].rect[1] + row[-1].rect[3]) / 2) <= 0.5 * line.height
            ),
            None,
        )
        if row is None:
            rows.append([line])
        else:
            row.append(line)
    return [" ".join(line.raw_text for line in row) for row in rows if len(row) > 1]


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _union(a: Rect, b: Rect) -> Rect:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
