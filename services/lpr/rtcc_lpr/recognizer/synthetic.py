"""Synthetic US-style plates drawn into scenes, with their truth, for tests and benchmarks.

Plates are drawn with a system font (DejaVu or Liberation, from Debian's font packages):
white or tinted plate, dark border, state name on top, the registration number in tall
bold characters, then placed, scaled, slightly rotated and blurred into a noisy scene.
"""

from __future__ import annotations

import io
import random
import string
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))
BOLD_FONTS = ("DejaVuSansCondensed-Bold.ttf", "DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf")
STATES = {"CA": "California", "TX": "TEXAS", "NY": "NEW YORK", "FL": "Florida", "OHIO": "OHIO"}
_LETTERS = "".join(c for c in string.ascii_uppercase if c not in "IOQ")
# Layouts generated, each a standard one (L = letter, D = digit).
LAYOUTS = ("DLLLDDD", "LLLDDDD", "LLLDDD", "DDDLLL", "LLDDDD")


@dataclass(frozen=True)
class SyntheticPlate:
    text: str
    state: str  # the two-letter code of the name printed on it
    image: bytes  # JPEG of the whole scene
    box: tuple[int, int, int, int]  # where the plate is: x, y, width, height


def font(size: int, names: tuple[str, ...] = BOLD_FONTS) -> ImageFont.FreeTypeFont:
    for name in names:
        for folder in FONT_DIRS:
            if (folder / name).exists():
                return ImageFont.truetype(str(folder / name), size)
    raise FileNotFoundError(f"none of the fonts {names} is installed (fonts-dejavu-core)")


def random_plate_text(rng: random.Random) -> str:
    layout = rng.choice(LAYOUTS)
    return "".join(rng.choice(string.digits if kind == "D" else _LETTERS) for kind in layout)


def draw_plate(
    text: str,
    state_name: str,
    *,
    width: int = 360,
    tint: tuple[int, int, int] = (250, 250, 245),
    stacked: str = "",
) -> Image.Image:
    """A 2:1 plate: border, state name above, the number in tall narrow characters, and
    `stacked` (two letters, one above the other, as a class code) before the number."""
    height = width // 2
    plate = Image.new("RGB", (width, height), tint)
    draw = ImageDraw.Draw(plate)
    border = max(2, width // 60)
    draw.rounded_rectangle(
        (0, 0, width - 1, height - 1), radius=width // 20, outline=(20, 30, 60), width=border
    )
    title = font(height // 7)
    draw.text((width / 2, height * 0.14), state_name, font=title, fill=(160, 20, 30), anchor="mm")
    number = _squeezed_text(text, width=int(width * 0.86), height=int(height * 0.5))
    left, top = (width - number.width) // 2, int(height * 0.3)
    if stacked:
        letter_height = int(number.height * 0.42)
        upper, lower = (
            _squeezed_text(letter, width=width, height=letter_height) for letter in stacked
        )
        left = (width - number.width + upper.width + width // 30) // 2
        stack_left = left - upper.width - width // 60
        plate.paste(upper, (stack_left, top), upper)
        plate.paste(lower, (stack_left, top + number.height - lower.height), lower)
    plate.paste(number, (left, top), number)
    return plate


def _squeezed_text(text: str, *, width: int, height: int) -> Image.Image:
    """Plate characters are taller than a font's: draw large, then fit into the box."""
    big = font(height * 2)
    left, top, right, bottom = big.getbbox(text)
    layer = Image.new("RGBA", (int(right - left) + 8, int(bottom - top) + 8), (0, 0, 0, 0))
    ImageDraw.Draw(layer).text((4 - left, 4 - top), text, font=big, fill=(15, 25, 70, 255))
    fitted_width = min(width, int(layer.width * height / layer.height))
    return layer.resize((fitted_width, height), Image.Resampling.LANCZOS)


def render_scene(
    rng: random.Random,
    text: str | None = None,
    *,
    size: tuple[int, int] = (960, 540),
    plate_width: int | None = None,
) -> SyntheticPlate:
    """A plate on a vehicle-coloured block in a noisy scene, slightly turned and blurred."""
    text = text or random_plate_text(rng)
    state = rng.choice(list(STATES))
    plate = draw_plate(text, STATES[state], width=plate_width or rng.randint(140, 360))
    plate = plate.rotate(rng.uniform(-4, 4), expand=True, fillcolor=(40, 40, 40))
    scene = _background(rng, size)
    x = rng.randint(0, size[0] - plate.width)
    y = rng.randint(size[1] // 3, size[1] - plate.height)
    body = (
        max(0, x - plate.width // 2),
        max(0, y - plate.height),
        min(size[0], x + plate.width * 3 // 2),
        min(size[1], y + plate.height * 2),
    )
    ImageDraw.Draw(scene).rectangle(body, fill=tuple(rng.randint(30, 200) for _ in range(3)))
    scene.paste(plate, (x, y))
    scene = scene.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2)))
    return SyntheticPlate(
        text,
        "OH" if state == "OHIO" else state,
        to_jpeg(scene, rng.randint(60, 90)),
        (x, y, plate.width, plate.height),
    )


def render_empty_scene(rng: random.Random, size: tuple[int, int] = (960, 540)) -> bytes:
    """A scene with shapes and no text at all."""
    scene = _background(rng, size)
    draw = ImageDraw.Draw(scene)
    for _ in range(6):
        x, y = rng.randint(0, size[0] - 100), rng.randint(0, size[1] - 60)
        draw.rectangle(
            (x, y, x + rng.randint(40, 200), y + rng.randint(20, 100)),
            fill=tuple(rng.randint(0, 255) for _ in range(3)),
        )
    return to_jpeg(scene, 85)


def _background(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    noise = Image.effect_noise(size, rng.uniform(10, 40)).convert("RGB")
    sky = Image.new("RGB", size, tuple(rng.randint(60, 180) for _ in range(3)))
    return Image.blend(sky, noise, 0.3)


def to_jpeg(image: Image.Image, quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()
