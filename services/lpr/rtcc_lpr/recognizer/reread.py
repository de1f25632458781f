"""Second looks at a plate candidate: the same characters cropped a little differently.

The text detector pads each box generously around its characters, and a plate's box also
takes in bolts, frame edges and stickers; the recognition model reads whatever the crop
holds, and its mistakes change with the crop. Reading each candidate again from a few
tighter crops and keeping the read that the model and the plate syntax find most
convincing corrects many single-crop misreads, at the cost of a few small model calls.
"""

from __future__ import annotations

import numpy as np

# (width, height) change of each extra crop, as shares of the box's own width and height.
TIGHTER_CROPS = ((-0.03, -0.10), (0.08, -0.10))


def resized_quad(quad: np.ndarray, width_change: float, height_change: float) -> np.ndarray:
    """The quad grown (or shrunk, for negative changes) about its centre along its own
    axes, so that a slanted box stays slanted."""
    across = quad[1] - quad[0]
    down = quad[3] - quad[0]
    half_width = across * width_change / 2
    half_height = down * height_change / 2
    return np.array(
        [
            quad[0] - half_width - half_height,
            quad[1] + half_width - half_height,
            quad[2] + half_width + half_height,
            quad[3] - half_width + half_height,
        ],
        dtype=np.float32,
    )


def second_look_quads(quad: np.ndarray) -> list[np.ndarray]:
    return [resized_quad(quad, width, height) for width, height in TIGHTER_CROPS]
