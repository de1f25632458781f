"""The same car over consecutive frames is one read, not one per frame."""

from __future__ import annotations

from rtcc_lpr.plates import plate_skeleton

# Reads this close (one character off) within the window are the same car read twice.
_SAME_CAR_MAX_EDITS = 1
_MIN_LENGTH_FOR_FUZZY = 5


class PlateDeduplicator:
    """Remembers each plate's last sighting; a plate seen again within `window_s` of its
    previous sighting is the same car still in view (and keeps it remembered)."""

    def __init__(self, window_s: float = 10.0) -> None:
        self._window_s = window_s
        self._last_seen: dict[str, float] = {}

    def is_new(self, text: str, timestamp: float) -> bool:
        """True for the first sighting of a car, and for a fuller read of a car first seen in
        part (entering the picture): reporting only the partial read could miss a hotlisted
        plate. Later frames of it return False."""
        self._forget_before(timestamp - self._window_s)
        same = [known for known in self._last_seen if _same_car(known, text)]
        for known in same:
            self._last_seen[known] = timestamp
        self._last_seen[text] = timestamp
        return all(len(known) < len(text) and known in text for known in same)

    def _forget_before(self, oldest: float) -> None:
        for text in [t for t, seen in self._last_seen.items() if seen < oldest]:
            del self._last_seen[text]


def _same_car(a: str, b: str) -> bool:
    if a == b or plate_skeleton(a) == plate_skeleton(b):
        return True
    if a in b or b in a:
        # A plate half in the picture, as the car enters or leaves it.
        return True
    if min(len(a), len(b)) < _MIN_LENGTH_FOR_FUZZY:
        return False
    return _edit_distance(a, b) <= _SAME_CAR_MAX_EDITS


def _edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, char_b in enumerate(b, 1):
            previous, row[j] = (
                row[j],
                min(row[j] + 1, row[j - 1] + 1, previous + (char_a != char_b)),
            )
    return row[-1]
