"""What one simulated camera serves: its mount name, picture size, encoding and plates."""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field
from typing import Any

from rtcc_cli.camsim.traffic import stopped_vehicle_at, vehicle_at
from rtcc_common.errors import InvalidArgument

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
PLATE_PATTERN = re.compile(r"^[A-Z0-9]{2,8}$")
GENERATED_PLATES_PER_CAMERA = 12
# Like most US states, leave out the letters that read as digits (I, O, Q).
_PLATE_LETTERS = "".join(c for c in string.ascii_uppercase if c not in "IOQ")

# How a camera encodes, as real IP cameras vary: H.264, H.265 or Motion JPEG video; B-frames
# (H.264 High profile or H.265, as many cameras send); H.264 parameter sets (SPS/PPS) in-band
# before every keyframe or only in the SDP's sprop-parameter-sets; an audio track beside the
# video, or none; RTSP over TCP and UDP, or over one of them only (VLC's server: UDP).
VIDEO_CODECS = ("h264", "h265", "mjpeg")
PARAMETER_SETS = ("in_band", "out_of_band")
AUDIO_CODECS = ("none", "aac", "pcmu", "pcma")
TRANSPORTS = ("tcp+udp", "udp", "tcp")
MAX_B_FRAMES = 4
# RFC 2435 carries JPEG pictures in 8-pixel blocks, at most 2040 pixels a side.
MJPEG_MAX_SIDE = 2040
_PRINTABLE = re.compile(r"^[\x21-\x7e]{1,64}$")

_LIMITS: dict[str, tuple[int, int]] = {
    "width": (64, 3840),
    "height": (64, 2160),
    "fps": (1, 60),
    "bitrate_kbps": (50, 50_000),
    "keyframe_interval": (1, 600),
}


def generate_plates(camera_name: str, count: int = GENERATED_PLATES_PER_CAMERA) -> list[str]:
    """California-style plates (digit, three letters, three digits), the same for a name
    on every run, so a test can know what a camera will show."""
    rng = random.Random(f"rtcc-camsim:{camera_name}")
    plates: list[str] = []
    while len(plates) < count:
        plate = (
            rng.choice("123456789")
            + "".join(rng.choice(_PLATE_LETTERS) for _ in range(3))
            + "".join(rng.choice(string.digits) for _ in range(3))
        )
        if plate not in plates:
            plates.append(plate)
    return plates


@dataclass(frozen=True)
class CameraSpec:
    """One simulated camera, served at rtsp://HOST:PORT/<name>.

    `plates` are shown one vehicle after another, in order and then again; left empty, a
    list generated from the name (generate_plates) is used. A camera with a `username` asks
    RTSP clients for it and its `password` (the simulator's method, digest or basic).
    """

    name: str
    width: int = 1280
    height: int = 720
    fps: int = 25
    bitrate_kbps: int = 2000
    keyframe_interval: int = 50
    plates: list[str] = field(default_factory=list)
    codec: str = "h264"
    parameter_sets: str = "in_band"
    audio: str = "none"
    username: str = ""
    password: str = field(default="", repr=False)
    b_frames: int = 0
    transports: str = "tcp+udp"

    def __post_init__(self) -> None:
        if not NAME_PATTERN.match(self.name):
            raise InvalidArgument(
                f"camera name {self.name!r} must be 1-64 letters, digits, '_' or '-'"
            )
        for attribute, (low, high) in _LIMITS.items():
            value = getattr(self, attribute)
            if not isinstance(value, int) or not low <= value <= high:
                raise InvalidArgument(f"{attribute} must be an integer from {low} to {high}")
        if self.width % 2 or self.height % 2:
            raise InvalidArgument("width and height must be even (H.264 4:2:0)")
        for plate in self.plates:
            if not PLATE_PATTERN.match(plate):
                raise InvalidArgument(f"plate {plate!r} must be 2-8 capital letters or digits")
        self._check_encoding()
        self._check_credentials()

    def _check_encoding(self) -> None:
        for attribute, allowed in (
            ("codec", VIDEO_CODECS),
            ("parameter_sets", PARAMETER_SETS),
            ("audio", AUDIO_CODECS),
        ):
            if getattr(self, attribute) not in allowed:
                raise InvalidArgument(f"{attribute} must be one of {', '.join(allowed)}")
        if self.transports not in TRANSPORTS:
            raise InvalidArgument(f"transports must be one of {', '.join(TRANSPORTS)}")
        if self.codec != "h264" and self.parameter_sets != "in_band":
            raise InvalidArgument("out-of-band parameter sets are simulated for H.264 only")
        if not isinstance(self.b_frames, int) or not 0 <= self.b_frames <= MAX_B_FRAMES:
            raise InvalidArgument(f"b_frames must be an integer from 0 to {MAX_B_FRAMES}")
        if self.codec == "mjpeg":
            if self.b_frames:
                raise InvalidArgument("Motion JPEG has no B-frames")
            if self.width % 8 or self.height % 8 or max(self.width, self.height) > MJPEG_MAX_SIDE:
                raise InvalidArgument(
                    f"Motion JPEG over RTP needs sides that are multiples of 8, at most"
                    f" {MJPEG_MAX_SIDE}"
                )

    def _check_credentials(self) -> None:
        if not self.username and not self.password:
            return
        if not _PRINTABLE.match(self.username) or ":" in self.username:
            raise InvalidArgument("username must be 1-64 printable characters without ':'")
        if not _PRINTABLE.match(self.password):
            raise InvalidArgument("password must be 1-64 printable characters")

    def shown_plates(self) -> list[str]:
        return list(self.plates) or generate_plates(self.name)

    def plate_at(self, when: float) -> str | None:
        """The plate in the picture at this wall-clock time (time.time()), if a vehicle is."""
        index, centre = vehicle_at(when)
        return None if centre is None else self._plate(index)

    def stopped_plate_at(self, when: float) -> str | None:
        """The plate of the vehicle standing still mid-picture at this time, if one is."""
        index = stopped_vehicle_at(when)
        return None if index is None else self._plate(index)

    def _plate(self, index: int) -> str:
        plates = self.shown_plates()
        return plates[index % len(plates)]

    def to_config(self) -> dict[str, Any]:
        """The camera as the RTSP server process reads it."""
        return {
            "name": self.name,
            "width": self.width,
            "height": self.height,
            "fps": self.fps,
            "bitrate_kbps": self.bitrate_kbps,
            "keyframe_interval": self.keyframe_interval,
            "plates": self.shown_plates(),
            "codec": self.codec,
            "parameter_sets": self.parameter_sets,
            "audio": self.audio,
            "username": self.username,
            "password": self.password,
            "b_frames": self.b_frames,
            "transports": self.transports,
        }
