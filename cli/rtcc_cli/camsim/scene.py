"""The picture a simulated camera sees: a road where vehicles stop, plate towards the lens.

Runs inside the RTSP server process (Debian's /usr/bin/python3), so it imports only cairo
and the standard library. Everything is a function of the wall clock, so every camera of
a run, and a restarted camera, shows the same vehicle at the same moment.

Each vehicle is seen from behind: it drives in from the left, stops in the middle for a
few seconds (sharp, still frames for plate recognition; timings in traffic.py) and
drives out to the right. The plate is white with dark bold characters and a quarter of
the frame wide, so at 1280x720 it is 320x160 pixels and its characters some 70 tall.
"""

from __future__ import annotations

import math
import time

import cairo
from traffic import clock_text, vehicle_at

_PAINTS = [
    (0.70, 0.10, 0.10),
    (0.12, 0.25, 0.55),
    (0.80, 0.80, 0.82),
    (0.15, 0.15, 0.16),
    (0.10, 0.42, 0.22),
    (0.85, 0.60, 0.10),
]
_FONT = "DejaVu Sans"


class Scene:
    """Draws one frame onto a cairo context; caches what does not move."""

    def __init__(self, *, width: int, height: int, label: str, plates: list[str]) -> None:
        self.width = width
        self.height = height
        self.label = label
        self.plates = plates
        self._background = self._render_background()
        self._vehicle_cache: tuple[int, cairo.ImageSurface] | None = None

    def draw(self, ctx: cairo.Context, now: float | None = None) -> None:
        now = time.time() if now is None else now
        ctx.set_source_surface(self._background, 0, 0)
        ctx.paint()
        index, centre = vehicle_at(now)
        if centre is not None:
            surface = self._vehicle_surface(index)
            x = centre * self.width - surface.get_width() / 2
            ctx.set_source_surface(surface, round(x), round(self.height * 0.40))
            ctx.paint()
        self._draw_header(ctx, now)

    def plate_for(self, index: int) -> str:
        return self.plates[index % len(self.plates)]

    def _render_background(self) -> cairo.ImageSurface:
        w, h = self.width, self.height
        surface = cairo.ImageSurface(cairo.FORMAT_RGB24, w, h)
        ctx = cairo.Context(surface)
        sky = cairo.LinearGradient(0, 0, 0, h * 0.35)
        sky.add_color_stop_rgb(0, 0.45, 0.62, 0.82)
        sky.add_color_stop_rgb(1, 0.75, 0.84, 0.92)
        ctx.set_source(sky)
        ctx.rectangle(0, 0, w, h * 0.35)
        ctx.fill()
        ctx.set_source_rgb(0.33, 0.34, 0.35)
        ctx.rectangle(0, h * 0.35, w, h * 0.65)
        ctx.fill()
        ctx.set_source_rgb(0.95, 0.95, 0.95)
        dash = w / 12
        for i in range(12):
            ctx.rectangle(i * dash + dash * 0.25, h * 0.37, dash * 0.5, h * 0.012)
        ctx.fill()
        # The stop line the vehicles halt behind.
        ctx.rectangle(w * 0.22, h * 0.965, w * 0.56, h * 0.015)
        ctx.fill()
        return surface

    def _vehicle_surface(self, index: int) -> cairo.ImageSurface:
        if self._vehicle_cache is None or self._vehicle_cache[0] != index:
            self._vehicle_cache = (index, self._render_vehicle(index))
        return self._vehicle_cache[1]

    def _render_vehicle(self, index: int) -> cairo.ImageSurface:
        w, h = round(self.width * 0.42), round(self.height * 0.56)
        surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, w, h)
        ctx = cairo.Context(surface)
        paint = _PAINTS[index % len(_PAINTS)]
        # Wheels, body, rear window, tail lights, bumper.
        ctx.set_source_rgb(0.05, 0.05, 0.05)
        ctx.rectangle(w * 0.06, h * 0.80, w * 0.16, h * 0.20)
        ctx.rectangle(w * 0.78, h * 0.80, w * 0.16, h * 0.20)
        ctx.fill()
        ctx.set_source_rgb(*paint)
        _rounded_rectangle(ctx, w * 0.12, 0, w * 0.76, h * 0.40, w * 0.05)
        _rounded_rectangle(ctx, 0, h * 0.30, w, h * 0.58, w * 0.04)
        ctx.fill()
        ctx.set_source_rgb(0.12, 0.16, 0.20)
        _rounded_rectangle(ctx, w * 0.18, h * 0.05, w * 0.64, h * 0.24, w * 0.03)
        ctx.fill()
        ctx.set_source_rgb(0.90, 0.08, 0.05)
        ctx.rectangle(w * 0.03, h * 0.38, w * 0.15, h * 0.10)
        ctx.rectangle(w * 0.82, h * 0.38, w * 0.15, h * 0.10)
        ctx.fill()
        ctx.set_source_rgb(0.10, 0.10, 0.10)
        ctx.rectangle(0, h * 0.80, w, h * 0.08)
        ctx.fill()
        plate_w = self.width * 0.25
        _draw_plate(ctx, self.plate_for(index), (w - plate_w) / 2, h * 0.36, plate_w)
        return surface

    def _draw_header(self, ctx: cairo.Context, now: float) -> None:
        bar = self.height * 0.08
        ctx.set_source_rgba(0, 0, 0, 0.75)
        ctx.rectangle(0, 0, self.width, bar)
        ctx.fill()
        ctx.set_source_rgb(1, 1, 1)
        ctx.select_font_face(_FONT, cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_BOLD)
        ctx.set_font_size(bar * 0.6)
        baseline = bar * 0.72
        ctx.move_to(bar * 0.3, baseline)
        ctx.show_text(self.label)
        text = clock_text(now)
        extents = ctx.text_extents(text)
        ctx.move_to(self.width - extents.x_advance - bar * 0.3, baseline)
        ctx.show_text(text)


def _draw_plate(ctx: cairo.Context, text: str, x: float, y: float, width: float) -> None:
    """A US-style plate (2:1): white, a dark border, dark bold characters filling it."""
    height = width / 2
    ctx.set_source_rgb(0.08, 0.08, 0.10)
    _rounded_rectangle(ctx, x, y, width, height, height * 0.08)
    ctx.fill()
    border = height * 0.04
    ctx.set_source_rgb(0.98, 0.98, 0.98)
    _rounded_rectangle(
        ctx, x + border, y + border, width - 2 * border, height - 2 * border, height * 0.06
    )
    ctx.fill()
    ctx.select_font_face(_FONT, cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_BOLD)
    ctx.set_font_size(height * 0.62)
    extents = ctx.text_extents(text)
    # Plate characters are tall and narrow: squeeze the text to the plate's width.
    squeeze = min(1.0, width * 0.88 / extents.width)
    ctx.save()
    ctx.translate(x + width / 2, y + height / 2)
    ctx.scale(squeeze, 1.0)
    ctx.move_to(-extents.width / 2 - extents.x_bearing, -extents.height / 2 - extents.y_bearing)
    ctx.set_source_rgb(0.05, 0.07, 0.25)
    ctx.show_text(text)
    ctx.restore()


def _rounded_rectangle(
    ctx: cairo.Context, x: float, y: float, w: float, h: float, radius: float
) -> None:
    ctx.new_sub_path()
    ctx.arc(x + w - radius, y + radius, radius, -math.pi / 2, 0)
    ctx.arc(x + w - radius, y + h - radius, radius, 0, math.pi / 2)
    ctx.arc(x + radius, y + h - radius, radius, math.pi / 2, math.pi)
    ctx.arc(x + radius, y + radius, radius, math.pi, 3 * math.pi / 2)
    ctx.close_path()
