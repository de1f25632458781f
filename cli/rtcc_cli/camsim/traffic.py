"""When each simulated vehicle passes: a pure function of the wall clock.

Shared by the drawing code in the RTSP server process (imported there as `traffic`) and
by CameraSpec in the project's Python (as rtcc_cli.camsim.traffic), so a test can ask
which plate a camera shows at a given moment. Standard library only.

Vehicle n (n = floor(t / VEHICLE_PERIOD_S)) drives in from the left for ENTER_S, stands
still in the middle for DWELL_S, drives out to the right for LEAVE_S, then the road is
empty for GAP_S.
"""

from __future__ import annotations

import time

ENTER_S = 2.0
DWELL_S = 3.0
LEAVE_S = 2.0
GAP_S = 1.0
VEHICLE_PERIOD_S = ENTER_S + DWELL_S + LEAVE_S + GAP_S


def vehicle_at(now: float) -> tuple[int, float | None]:
    """Which vehicle is on screen and where its centre is, as a fraction of the width.

    The fraction runs from -0.3 (entering) through 0.5 (stopped) to 1.3 (gone); None
    while the road is empty between two vehicles.
    """
    index = int(now // VEHICLE_PERIOD_S)
    t = now - index * VEHICLE_PERIOD_S
    if t < ENTER_S:
        eased = 1.0 - (1.0 - t / ENTER_S) ** 2
        return index, -0.3 + 0.8 * eased
    if t < ENTER_S + DWELL_S:
        return index, 0.5
    if t < ENTER_S + DWELL_S + LEAVE_S:
        eased = ((t - ENTER_S - DWELL_S) / LEAVE_S) ** 2
        return index, 0.5 + 0.8 * eased
    return index, None


def stopped_vehicle_at(now: float) -> int | None:
    """The vehicle standing still in the middle of the picture at this moment, if any."""
    index, centre = vehicle_at(now)
    return index if centre == 0.5 else None


def clock_text(now: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(now))
