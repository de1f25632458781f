"""Plate text: the normalised form, its OCR-confusion skeleton, and wildcard patterns.

A reader's OCR confuses characters that look alike (O and 0, B and 8, ...). Mapping each
character to one symbol of its confusion class gives a "skeleton": two plates that differ only
by such confusions have the same skeleton, so a tolerant match is one indexed equality.
"""

from __future__ import annotations

import itertools
import re
import string

# Each group is one confusion class; its first character is the class's symbol. 7 is confused
# with both 2 and 3, so those join Z's class.
CONFUSION_CLASSES = ("O0QD", "I1L", "B8", "S5", "Z273", "G6")

_SKELETON = str.maketrans({char: group[0] for group in CONFUSION_CLASSES for char in group[1:]})
_NOT_PLATE = re.compile(r"[^A-Z0-9]")
_NOT_WILDCARD = re.compile(r"[^A-Z0-9?*]")
_STATE = re.compile(r"^[A-Z]{2,3}$")

MAX_PLATE_LENGTH = 10
PLATE_ALPHABET = string.ascii_uppercase + string.digits
# A pattern with only `?` wildcards that stands for at most this many plates is searched as
# that list of plates, each an exact index lookup: two unknown characters make 1,296.
MAX_WILDCARD_EXPANSION = len(PLATE_ALPHABET) ** 2


def normalize_plate(plate: str) -> str:
    """Uppercase A-Z and 0-9 only: 'abc-1o23 ' -> 'ABC1O23'."""
    return _NOT_PLATE.sub("", plate.upper())


def plate_skeleton(normalized: str) -> str:
    """The plate with every character replaced by its confusion class symbol."""
    return normalized.translate(_SKELETON)


def normalize_state(state: str) -> str:
    return state.strip().upper()


def is_valid_state(state: str) -> bool:
    return bool(_STATE.match(state))


def normalize_wildcard(pattern: str) -> str:
    """Uppercase plate characters plus `?` (one character) and `*` (any run)."""
    return _NOT_WILDCARD.sub("", pattern.upper())


def wildcard_to_like(pattern: str) -> str:
    """A normalised wildcard pattern as SQL LIKE (the plate alphabet has no `%` or `_`)."""
    return pattern.replace("*", "%").replace("?", "_")


def expand_wildcard(pattern: str) -> list[str] | None:
    """Every plate a `?`-only pattern stands for, or None when it has `*` or stands for too
    many (a witness who saw all but one or two characters is the common case)."""
    unknown = pattern.count("?")
    if "*" in pattern or len(PLATE_ALPHABET) ** unknown > MAX_WILDCARD_EXPANSION:
        return None
    parts = pattern.split("?")
    plates = []
    for fill in itertools.product(PLATE_ALPHABET, repeat=unknown):
        plates.append(parts[0] + "".join(c + rest for c, rest in zip(fill, parts[1:], strict=True)))
    return plates
