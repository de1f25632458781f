"""Correcting a read by position with the syntax of US plates.

Most standard US plates follow a few letter/digit layouts (L = letter, D = digit): three
letters and four digits, California's digit-three-letters-three-digits, and so on. When
the characters as read fit no layout of their length, but swapping look-alike characters
(O/0, I/1, B/8, S/5, Z/2, G/6, ...) makes them fit, and only one such fix is clearly the
most likely, the fix is applied. A fixed character's confidence is cut, because the
syntax, not the picture, chose it. Vanity and special plates follow no layout: they are
left as read, with a lower confidence, except that a round O is written as the digit zero
(most US plate fonts draw the two alike, and registrations spell the glyph as zero unless
the layout makes it a letter).

A read longer than any standard layout, whose extra character ends one group of letters or
digits before a group of the other kind, is an emblem between the groups (a state's peach,
tree or mountain) read as one more character of the first group; it is dropped.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from rtcc_lpr.recognizer.ctc import ReadCharacter

# Layouts of standard passenger plates issued widely across the US.
STANDARD_LAYOUTS = frozenset(
    {
        "LLLDDDD",
        "DLLLDDD",
        "LLDDDDD",
        "DDDLLLL",
        "LLLLDDD",
        "DDDDLLL",
        "LLLDDDL",
        "LLLDDD",
        "DDDLLL",
        "LLDDDD",
        "DDDDLL",
        "DLLDDD",
        "DDLLLD",
        "LDDLLL",
        "LLDLDL",
        "DLLLDD",
        "DDLLDD",
        "LLDDD",
        "LLLDD",
        "DDLLL",
        "DDDLL",
        "LDDDD",
        "DDDDL",
    }
)

# Look-alike pairs (letter, digit) a camera or a model confuses.
LOOK_ALIKES = {
    "O": "0",
    "D": "0",
    "Q": "0",
    "I": "1",
    "L": "1",
    "T": "1",
    "Z": "2",
    "A": "4",
    "S": "5",
    "G": "6",
    "B": "8",
}
_DIGIT_TO_LETTERS: dict[str, list[str]] = {}
for _letter, _digit in LOOK_ALIKES.items():
    _DIGIT_TO_LETTERS.setdefault(_digit, []).append(_letter)

# More changes than this rewrite the plate rather than fix it: vanity plates ("SQUAW")
# would be forced into a standard layout ("5QUAW").
MAX_CORRECTIONS = 1
_LONGEST_LAYOUT = max(len(layout) for layout in STANDARD_LAYOUTS)
# Reads with more look-alike combinations than this are left as read (bounded work).
_MAX_COMBINATIONS = 4096
# A fix must be this many times likelier than the next best one to count as unambiguous.
_AMBIGUITY_RATIO = 4.0
# Each character chosen by syntax, not by the picture, scales the confidence by this.
CORRECTED_CHARACTER_FACTOR = 0.8
# A read that fits no standard layout (vanity, special or misread plates).
UNKNOWN_LAYOUT_FACTOR = 0.75
# An extra character this unsure may be an emblem or a separator read as a character.
_SPURIOUS_CHARACTER_PROBABILITY = 0.75


@dataclass(frozen=True)
class SyntaxResult:
    text: str
    confidences: list[float]  # how sure the model is of each glyph of text
    corrected: int  # characters changed or dropped by the syntax
    standard_layout: bool
    # A special plate, known as such from the picture (a stacked code beside its number).
    special: bool = False

    @property
    def confidence(self) -> float:
        layout = 1.0 if self.standard_layout or self.special else UNKNOWN_LAYOUT_FACTOR
        return math.prod(self.confidences) * CORRECTED_CHARACTER_FACTOR**self.corrected * layout


def layout_of(text: str) -> str:
    return "".join("D" if char.isdigit() else "L" for char in text)


def apply_plate_syntax(characters: list[ReadCharacter], *, special: bool = False) -> SyntaxResult:
    """The read, corrected by position where a standard layout makes it unambiguous.

    A special plate's number follows no standard layout and is taken as read."""
    as_read = "".join(c.char for c in characters)
    if special:
        zeroed = _round_glyphs_as_zero(as_read)
        return SyntaxResult(zeroed, [c.probability for c in characters], 0, False, special=True)
    if layout_of(as_read) in STANDARD_LAYOUTS:
        return SyntaxResult(as_read, [c.probability for c in characters], 0, True)
    fixed = _fit_layout(characters)
    if fixed is not None:
        return fixed
    trimmed = _without_spurious_character(characters) or _without_emblem(characters)
    if trimmed is not None:
        return trimmed
    return SyntaxResult(
        _round_glyphs_as_zero(as_read), [c.probability for c in characters], 0, False
    )


def _round_glyphs_as_zero(text: str) -> str:
    return text.replace("O", "0")


def _fit_layout(characters: list[ReadCharacter]) -> SyntaxResult | None:
    options = [_choices(c) for c in characters]
    if math.prod(len(choice) for choice in options) > _MAX_COMBINATIONS:
        return None
    scored: list[tuple[float, str, list[float], int]] = []
    for combination in itertools.product(*options):
        text = "".join(char for char, _, _ in combination)
        if layout_of(text) not in STANDARD_LAYOUTS:
            continue
        likelihood = math.prod(weight for _, weight, _ in combination)
        confidences = [confidence for _, _, confidence in combination]
        changed = sum(
            char != c.char for (char, _, _), c in zip(combination, characters, strict=True)
        )
        if changed <= MAX_CORRECTIONS:
            scored.append((likelihood, text, confidences, changed))
    if not scored:
        return None
    scored.sort(key=lambda option: option[0], reverse=True)
    best = scored[0]
    if len(scored) > 1 and best[0] < _AMBIGUITY_RATIO * scored[1][0]:
        return None
    return SyntaxResult(best[1], best[2], best[3], True)


def _choices(character: ReadCharacter) -> list[tuple[str, float, float]]:
    """(char, likelihood, confidence) for the character as read and its look-alike."""
    read = character.char
    choices = [(read, character.probability, character.probability)]
    swaps = [LOOK_ALIKES[read]] if read in LOOK_ALIKES else _DIGIT_TO_LETTERS.get(read, [])
    for swap in swaps:
        # The model's own belief in the look-alike, floored: a look-alike it ruled out
        # entirely is still what the glyph may be on a worn or dirty plate.
        likelihood = max(character.probability_of(swap), 1e-3) * character.probability
        choices.append((swap, likelihood, character.probability))
    return choices


def _without_spurious_character(characters: list[ReadCharacter]) -> SyntaxResult | None:
    """Drop the one unsure character whose removal leaves a standard plate."""
    unsure = [
        i for i, c in enumerate(characters) if c.probability < _SPURIOUS_CHARACTER_PROBABILITY
    ]
    if len(unsure) != 1:
        return None
    rest = characters[: unsure[0]] + characters[unsure[0] + 1 :]
    text = "".join(c.char for c in rest)
    if layout_of(text) not in STANDARD_LAYOUTS:
        return None
    return SyntaxResult(text, [c.probability for c in rest], 1, True)


def _without_emblem(characters: list[ReadCharacter]) -> SyntaxResult | None:
    """Drop an extra character that ends a group before a group of the other kind."""
    if len(characters) <= _LONGEST_LAYOUT:
        return None
    text = "".join(c.char for c in characters)
    options = []
    for index in range(1, len(characters) - 1):
        if text[index].isdigit() == text[index + 1].isdigit():
            continue
        rest = characters[:index] + characters[index + 1 :]
        if layout_of("".join(c.char for c in rest)) in STANDARD_LAYOUTS:
            options.append((characters[index].probability, index, rest))
    if not options:
        return None
    _, _, rest = min(options, key=lambda option: (option[0], option[1]))
    return SyntaxResult("".join(c.char for c in rest), [c.probability for c in rest], 1, True)
