"""Unit tests of the logic after the models: plate syntax, state names, deduplication."""

from __future__ import annotations

import numpy as np

from rtcc_lpr.recognizer.ctc import PLATE_ALPHABET, PlateCtcDecoder, ReadCharacter
from rtcc_lpr.recognizer.dedup import PlateDeduplicator
from rtcc_lpr.recognizer.localize import find_plate_candidates
from rtcc_lpr.recognizer.ocr_engine import TextLine
from rtcc_lpr.recognizer.plate_syntax import apply_plate_syntax
from rtcc_lpr.recognizer.states import state_from_slogan, state_from_text


def _read(
    text: str, probability: float = 0.95, unsure: dict[int, dict[str, float]] | None = None
) -> list[ReadCharacter]:
    """Characters as a model would give them; `unsure` spreads some positions' belief."""
    characters = []
    for position, char in enumerate(text):
        belief = (unsure or {}).get(position, {char: 1.0})
        distribution = np.zeros(len(PLATE_ALPHABET))
        for candidate, share in belief.items():
            distribution[PLATE_ALPHABET.index(candidate)] = share
        characters.append(ReadCharacter(char, probability * belief[char], distribution))
    return characters


def test_standard_read_is_kept() -> None:
    result = apply_plate_syntax(_read("ABC1234"))
    assert (result.text, result.corrected, result.standard_layout) == ("ABC1234", 0, True)


def test_letter_among_digits_is_corrected_with_lower_confidence() -> None:
    as_read = _read("ABC12O4", unsure={5: {"O": 0.7, "0": 0.3}})
    plain = apply_plate_syntax(_read("ABC1204"))

    result = apply_plate_syntax(as_read)

    assert result.text == "ABC1204"
    assert result.corrected == 1
    assert result.confidence < plain.confidence


def test_digit_among_letters_is_corrected() -> None:
    assert apply_plate_syntax(_read("7A8C123")).text == "7ABC123"


def test_vanity_plate_is_not_forced_into_a_layout() -> None:
    result = apply_plate_syntax(_read("SQUAW"))
    assert result.text == "SQUAW"
    assert not result.standard_layout
    assert result.confidence < apply_plate_syntax(_read("ABC123")).confidence


def test_ambiguous_fix_is_not_made() -> None:
    # "1" between letters and digits: as a letter it makes LLLDDD, as read it makes LLDDDD;
    # both are standard, so the read stands.
    assert apply_plate_syntax(_read("AB1234")).text == "AB1234"


def test_unsure_emblem_between_groups_is_dropped() -> None:
    as_read = _read("AKSO4329", unsure={3: {"O": 0.4, "0": 0.2}})
    assert apply_plate_syntax(as_read).text == "AKS4329"


def test_round_glyph_of_a_vanity_plate_is_zero() -> None:
    # Plate fonts draw O and 0 alike; a registration spells the round glyph as zero unless
    # the layout makes it a letter.
    assert apply_plate_syntax(_read("COUGAR")).text == "C0UGAR"
    assert apply_plate_syntax(_read("NOX218")).text == "NOX218"


def test_emblem_between_groups_read_as_a_character_is_dropped() -> None:
    # A peach between "BMN" and "2079", read as one more letter of the first group.
    result = apply_plate_syntax(_read("BMNC2079", unsure={3: {"C": 0.9}}))
    assert (result.text, result.standard_layout) == ("BMN2079", True)
    assert result.corrected == 1


def test_special_plate_is_taken_as_read() -> None:
    # The picture showed a stacked code beside the number: no layout is expected of it.
    result = apply_plate_syntax(_read("2515"), special=True)
    assert result.text == "2515"
    assert result.confidence > apply_plate_syntax(_read("2515")).confidence


def _state(text: str) -> str | None:
    named = state_from_text(text)
    return named[0] if named else None


def test_state_names_are_told_despite_misreads() -> None:
    assert _state("NORTH CAROLHA") == "NC"
    assert _state("TEXAS") == "TX"
    assert _state("West Virginia") == "WV"
    assert _state("Virginia") == "VA"
    assert _state("VISIT PENNSYLVANIA") == "PA"
    assert _state("LAND OF ENCHANTMENT") is None
    assert _state("OHIA") is None


def test_state_is_told_by_its_slogan() -> None:
    # Many plates write the state's name in a script that reads poorly, but the slogan in
    # plain capitals.
    assert _slogan_state("Land of Lincoln") == "IL"
    assert _slogan_state("SPORTSMANS PARADISE") == "LA"
    assert _slogan_state("The Volunteer Stat") == "TN"
    assert _slogan_state("CELEBRATING STATEHOOD 1959-2009") is None


def _slogan_state(text: str) -> str | None:
    named = state_from_slogan(text)
    return named[0] if named else None


def _line(text: str, left: float, top: float, height: float) -> TextLine:
    width = height * 0.6 * len(text)
    quad = np.array(
        [[left, top], [left + width, top], [left + width, top + height], [left, top + height]],
        dtype=np.float32,
    )
    characters = _read("".join(c for c in text.upper() if c.isalnum()))
    return TextLine(quad=quad, characters=characters, raw_text=text)


def test_state_name_split_into_words_is_read_whole() -> None:
    # The detector boxes "North" and "Carolina" apart; neither word alone names the state.
    lines = [
        _line("North", 60, 120, 14),
        _line("Carolina", 112, 120, 14),
        _line("WWM5953", 20, 40, 50),
    ]

    candidates = find_plate_candidates(lines, (320, 160))

    assert [(c.line.raw_text, c.state) for c in candidates] == [("WWM5953", "NC")]


def test_ctc_decoding_keeps_plate_characters_only() -> None:
    symbols = ["blank", "A", "b", "7", "-", "花", " "]
    # Steps: A, A, blank, -, b, 花, 7, 7 -> plate characters A, B, 7.
    steps = [1, 1, 0, 4, 2, 5, 3, 3]
    matrix = np.full((len(steps), len(symbols)), 0.01)
    for step, column in enumerate(steps):
        matrix[step, column] = 0.94

    characters, raw = PlateCtcDecoder(symbols).decode(matrix)

    assert "".join(c.char for c in characters) == "AB7"
    assert raw == "A-b花7"


def test_same_car_in_consecutive_frames_is_one_read() -> None:
    dedup = PlateDeduplicator(window_s=5.0)
    assert dedup.is_new("7ABC123", 0.0)
    assert not dedup.is_new("7ABC123", 1.0)
    assert not dedup.is_new("7A8C123", 2.0)  # a look-alike misread of the same car
    assert not dedup.is_new("7ABC12", 3.0)  # the plate half out of the picture
    assert dedup.is_new("4XYZ789", 3.5)
    assert not dedup.is_new("7ABC123", 7.5)  # still in view: each frame renews the window
    assert dedup.is_new("7ABC123", 20.0)  # the car came back later


def test_a_fuller_read_of_a_car_first_seen_in_part_is_reported() -> None:
    dedup = PlateDeduplicator(window_s=5.0)
    assert dedup.is_new("ABC123", 0.0)  # entering the picture, its first character still out
    assert dedup.is_new("7ABC123", 0.5)  # the whole plate: the read a hotlist can match
    assert not dedup.is_new("7ABC123", 1.0)
    assert not dedup.is_new("ABC12", 1.5)  # leaving the picture
