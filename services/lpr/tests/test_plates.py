from rtcc_lpr.area import Area
from rtcc_lpr.matching import Candidate, HotlistIndex, ListIndex
from rtcc_lpr.plates import (
    expand_wildcard,
    normalize_plate,
    normalize_wildcard,
    plate_skeleton,
    wildcard_to_like,
)


def test_normalised_plate_keeps_uppercase_letters_and_digits_only() -> None:
    assert normalize_plate(" abc-1o23 ") == "ABC1O23"
    assert normalize_plate("--") == ""


def test_ocr_confusions_share_a_skeleton() -> None:
    assert plate_skeleton("ABC1O23") == plate_skeleton("ABC1023")
    assert plate_skeleton("8S5Z") == plate_skeleton("B55Z")
    assert plate_skeleton("G6Q") == plate_skeleton("6GD")
    assert plate_skeleton("ABC123") != plate_skeleton("ABC124")


def test_wildcards_become_like_patterns() -> None:
    pattern = normalize_wildcard("ab?1*")
    assert pattern == "AB?1*"
    assert wildcard_to_like(pattern) == "AB_1%"


def test_question_marks_alone_expand_to_the_plates_they_stand_for() -> None:
    one = expand_wildcard("AB?1")
    assert one is not None and len(one) == 36 and {"ABA1", "AB01", "AB91"} <= set(one)
    two = expand_wildcard("?B?")
    assert two is not None and len(two) == 36 * 36 and "ZB9" in two
    assert expand_wildcard("A???") is None  # too many: searched as a pattern
    assert expand_wildcard("AB?1*") is None


def _entry(plate: str, state: str = "TX") -> tuple[str, str, str]:
    return plate, state, plate_skeleton(plate)


def test_index_matches_exactly_and_state_aware() -> None:
    index = HotlistIndex()
    index.get_list("stolen", tolerant=False).add([_entry("ABC1023")])
    assert index.match(*_entry("ABC1023")) == [Candidate("stolen", ("ABC1023",))]
    assert index.match(*_entry("ABC1023", "OK")) == []
    assert index.match(*_entry("ABC1O23")) == []


def test_tolerant_lists_match_through_confusions_and_entries_can_be_removed() -> None:
    index = HotlistIndex()
    index.get_list("bolo", tolerant=True).add([_entry("ABC1023"), _entry("ABC1O23")])
    index.get_list("amber", tolerant=False).add([_entry("ABC1023")])
    found = index.match(*_entry("A8C1023"))
    assert found == [Candidate("bolo", ("ABC1023", "ABC1O23"))]
    index.get_list("bolo", tolerant=True).discard(*_entry("ABC1023"))
    assert index.match(*_entry("A8C1023")) == [Candidate("bolo", ("ABC1O23",))]
    assert index.match(*_entry("ABC1023")) == [
        Candidate("bolo", ("ABC1O23",)),
        Candidate("amber", ("ABC1023",)),
    ]


def test_a_list_is_replaced_in_one_step() -> None:
    index = HotlistIndex()
    index.get_list("ncic", tolerant=False).add([_entry("OLD1")])
    fresh = ListIndex(tolerant=False)
    fresh.add([_entry("NEW1")])
    index.put_list("ncic", fresh)
    assert index.match(*_entry("OLD1")) == []
    assert index.match(*_entry("NEW1")) == [Candidate("ncic", ("NEW1",))]
    index.drop_list("ncic")
    assert len(index) == 0


def test_polygon_and_circle_areas() -> None:
    square = Area(polygon=((-97.0, 32.0), (-96.0, 32.0), (-96.0, 33.0), (-97.0, 33.0)))
    assert square.contains(32.5, -96.5)
    assert not square.contains(33.5, -96.5)
    circle = Area(center=(32.0, -97.0), radius_m=1000)
    min_lat, max_lat, _, _ = circle.bounding_box()
    assert min_lat < 32.0 < max_lat
