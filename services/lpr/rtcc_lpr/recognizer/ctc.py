"""Reading the recognition model's per-column probabilities as plate characters only.

The PP-OCR recognizer knows thousands of symbols. A plate holds only A-Z and 0-9, so each
time step's probability is folded into three kinds: blank, a plate character (lowercase
folded into uppercase) and anything else (dashes, dots, emblems read as a Chinese glyph).
Only plate characters are emitted; each keeps its whole distribution over the 36 plate
characters, which the syntax correction needs to choose a digit over a letter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

PLATE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_BLANK = 0
_OTHER = 1
_FIRST_PLATE_COLUMN = 2


@dataclass(frozen=True)
class ReadCharacter:
    """One character read from a text line."""

    char: str
    probability: float
    # Probability of each PLATE_ALPHABET character at this position, given a character is there.
    distribution: np.ndarray
    # Where the character's centre lies across the line, 0 (left end) to 1 (right end).
    centre: float = 0.5

    def probability_of(self, char: str) -> float:
        return float(self.distribution[PLATE_ALPHABET.index(char)])


class PlateCtcDecoder:
    """Greedy CTC decoding restricted to plate characters."""

    def __init__(self, model_symbols: Sequence[str]) -> None:
        # model_symbols[0] is the CTC blank, as in PP-OCR's dictionaries.
        self._symbols = list(model_symbols)
        # The few model columns that are plate characters, and the plate character of each:
        # folding only those is much cheaper than a product with all the model's symbols.
        self._plate_columns = [
            column
            for column, symbol in enumerate(self._symbols[1:], start=1)
            if len(symbol.upper()) == 1 and symbol.upper() in PLATE_ALPHABET
        ]
        self._fold = np.zeros((len(self._plate_columns), len(PLATE_ALPHABET)), dtype=np.float32)
        for row, column in enumerate(self._plate_columns):
            self._fold[row, PLATE_ALPHABET.index(self._symbols[column].upper())] = 1.0

    def decode(
        self, probabilities: np.ndarray, line_steps: float | None = None
    ) -> tuple[list[ReadCharacter], str]:
        """Plate characters and the unrestricted text for one line's (T, symbols) matrix.

        `line_steps`: how many time steps the line itself spans (the rest is padding), to
        place each character across the line; all T steps when not given."""
        plate = probabilities[:, self._plate_columns] @ self._fold
        blank = probabilities[:, _BLANK]
        other = np.clip(1.0 - blank - plate.sum(axis=1), 0.0, 1.0)
        kinds = np.column_stack([blank, other, plate])
        best = kinds.argmax(axis=1)
        steps = line_steps or len(probabilities)
        return self._characters(best, plate, steps), self._raw_text(probabilities)

    def _characters(
        self, best: np.ndarray, plate: np.ndarray, line_steps: float
    ) -> list[ReadCharacter]:
        characters: list[ReadCharacter] = []
        step = 0
        while step < len(best):
            kind = int(best[step])
            end = step
            while end + 1 < len(best) and best[end + 1] == kind:
                end += 1
            if kind >= _FIRST_PLATE_COLUMN:
                character = self._character(kind - _FIRST_PLATE_COLUMN, plate[step : end + 1])
                centre = ((step + end + 1) / 2) / line_steps
                characters.append(replace(character, centre=min(1.0, centre)))
            step = end + 1
        return characters

    @staticmethod
    def _character(index: int, run: np.ndarray) -> ReadCharacter:
        peak = run[int(run[:, index].argmax())]
        total = float(peak.sum())
        distribution = peak / total if total > 0 else peak
        return ReadCharacter(
            char=PLATE_ALPHABET[index],
            probability=float(peak[index]),
            distribution=distribution,
        )

    def _raw_text(self, probabilities: np.ndarray) -> str:
        best = probabilities.argmax(axis=1)
        text: list[str] = []
        previous = -1
        for column in best:
            if column != previous and column != _BLANK and column < len(self._symbols):
                text.append(self._symbols[column])
            previous = int(column)
        return "".join(text)
