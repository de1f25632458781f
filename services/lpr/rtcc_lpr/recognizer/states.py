"""Telling a plate's state from the state name printed on it ("California", "TEXAS"), or
failing that from its state's slogan ("Land of Lincoln"): many plates write the name in a
flowing script that reads poorly and the slogan in plain capitals."""

from __future__ import annotations

from difflib import SequenceMatcher

STATE_NAMES = {
    "ALABAMA": "AL",
    "ALASKA": "AK",
    "ARIZONA": "AZ",
    "ARKANSAS": "AR",
    "CALIFORNIA": "CA",
    "COLORADO": "CO",
    "CONNECTICUT": "CT",
    "DELAWARE": "DE",
    "FLORIDA": "FL",
    "GEORGIA": "GA",
    "HAWAII": "HI",
    "IDAHO": "ID",
    "ILLINOIS": "IL",
    "INDIANA": "IN",
    "IOWA": "IA",
    "KANSAS": "KS",
    "KENTUCKY": "KY",
    "LOUISIANA": "LA",
    "MAINE": "ME",
    "MARYLAND": "MD",
    "MASSACHUSETTS": "MA",
    "MICHIGAN": "MI",
    "MINNESOTA": "MN",
    "MISSISSIPPI": "MS",
    "MISSOURI": "MO",
    "MONTANA": "MT",
    "NEBRASKA": "NE",
    "NEVADA": "NV",
    "NEWHAMPSHIRE": "NH",
    "NEWJERSEY": "NJ",
    "NEWMEXICO": "NM",
    "NEWYORK": "NY",
    "NORTHCAROLINA": "NC",
    "NORTHDAKOTA": "ND",
    "OHIO": "OH",
    "OKLAHOMA": "OK",
    "OREGON": "OR",
    "PENNSYLVANIA": "PA",
    "RHODEISLAND": "RI",
    "SOUTHCAROLINA": "SC",
    "SOUTHDAKOTA": "SD",
    "TENNESSEE": "TN",
    "TEXAS": "TX",
    "UTAH": "UT",
    "VERMONT": "VT",
    "VIRGINIA": "VA",
    "WASHINGTON": "WA",
    "WESTVIRGINIA": "WV",
    "WISCONSIN": "WI",
    "WYOMING": "WY",
    "DISTRICTOFCOLUMBIA": "DC",
    "WASHINGTONDC": "DC",
}
# Slogans that a state prints on its standard plates and no other state uses.
STATE_SLOGANS = {
    "HEARTOFDIXIE": "AL",
    "THELASTFRONTIER": "AK",
    "GRANDCANYONSTATE": "AZ",
    "THENATURALSTATE": "AR",
    "CONSTITUTIONSTATE": "CT",
    "THEFIRSTSTATE": "DE",
    "TAXATIONWITHOUTREPRESENTATION": "DC",
    "SUNSHINESTATE": "FL",
    "ALOHASTATE": "HI",
    "FAMOUSPOTATOES": "ID",
    "LANDOFLINCOLN": "IL",
    "CROSSROADSOFAMERICA": "IN",
    "UNBRIDLEDSPIRIT": "KY",
    "SPORTSMANSPARADISE": "LA",
    "VACATIONLAND": "ME",
    "THESPIRITOFAMERICA": "MA",
    "GREATLAKESSTATE": "MI",
    "SHOWMESTATE": "MO",
    "BIGSKYCOUNTRY": "MT",
    "THESILVERSTATE": "NV",
    "LIVEFREEORDIE": "NH",
    "GARDENSTATE": "NJ",
    "LANDOFENCHANTMENT": "NM",
    "THEEMPIRESTATE": "NY",
    "FIRSTINFLIGHT": "NC",
    "FIRSTINFREEDOM": "NC",
    "PEACEGARDENSTATE": "ND",
    "BIRTHPLACEOFAVIATION": "OH",
    "KEYSTONESTATE": "PA",
    "OCEANSTATE": "RI",
    "GREATFACESGREATPLACES": "SD",
    "THEVOLUNTEERSTATE": "TN",
    "THELONESTARSTATE": "TX",
    "LIFEELEVATED": "UT",
    "GREENMOUNTAINSTATE": "VT",
    "EVERGREENSTATE": "WA",
    "WILDWONDERFUL": "WV",
    "AMERICASDAIRYLAND": "WI",
}
# Short names must be read exactly: one wrong letter in "OHIO" could be anything.
_EXACT_BELOW = 5
_MIN_SIMILARITY = 0.8


def state_from_text(text: str) -> tuple[str, float] | None:
    """(two-letter code, similarity 0..1) for a line that names a state, else None."""
    letters = _letters(text)
    if len(letters) < 4:
        return None
    best: tuple[str, float] | None = None
    for name, code in STATE_NAMES.items():
        similarity = _similarity(letters, name)
        if similarity is not None and (best is None or similarity > best[1]):
            best = (code, similarity)
    return best


def state_from_slogan(text: str) -> tuple[str, float] | None:
    """(two-letter code, similarity 0..1) for a line that reads as a state's slogan."""
    letters = _letters(text)
    best: tuple[str, float] | None = None
    for slogan, code in STATE_SLOGANS.items():
        if slogan in letters:
            similarity = 1.0
        else:
            similarity = SequenceMatcher(None, letters, slogan).ratio()
            if similarity < _MIN_SIMILARITY:
                continue
        if best is None or similarity > best[1]:
            best = (code, similarity)
    return best


def _letters(text: str) -> str:
    return "".join(char for char in text.upper() if "A" <= char <= "Z")


def _similarity(letters: str, name: str) -> float | None:
    if letters == name:
        return 1.0
    if len(name) < _EXACT_BELOW:
        return 1.0 if _is_word_in(name, letters) else None
    if name in letters:
        # A slogan around the name ("VISIT PENNSYLVANIA") still names the state;
        # "WESTVIRGINIA" contains "VIRGINIA" but scores its own name higher.
        return len(name) / len(letters) * 0.5 + 0.5
    ratio = SequenceMatcher(None, letters, name).ratio()
    return ratio if ratio >= _MIN_SIMILARITY else None


def _is_word_in(name: str, letters: str) -> bool:
    return letters.startswith(name) or letters.endswith(name)
