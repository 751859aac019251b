"""Draw the two-colour picture of lesson Q6 and save it as nnviz/data/picture.png.

    python scripts/make_picture.py

The lesson fits a net that maps a pixel's coordinates (row, col) to its colour.
The picture is made to be hard for a small net: a few large shapes (easy: a
2-100-2 net finds them) and many small islands of the other colour scattered
over them (hard: each island needs its own bump in the learned function).
Everything is drawn with numpy from a fixed seed, so the file is reproducible.

The PNG is 64 x 64, black (0) and white (1), about 1 KiB. Any other black and
white PNG can be fitted the same way: nv.data.picture("my_drawing.png").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

SIZE = 64
OUT = Path(__file__).resolve().parent.parent / "nnviz" / "data" / "picture.png"


def disc(r, c, centre, radius):
    """True inside a disc of `radius` pixels around `centre` = (row, col)."""
    return (r - centre[0]) ** 2 + (c - centre[1]) ** 2 <= radius**2


def draw(rng):
    r, c = np.mgrid[0:SIZE, 0:SIZE].astype(float)
    # Large shapes: a sun, a hill and a band, white (1) on black (0).
    image = disc(r, c, (18, 44), 13)                                  # sun
    image |= r > 46 - 10 * np.exp(-((c - 18) / 12) ** 2)              # hill
    image ^= (np.abs(r - 0.6 * c - 8) < 4) & (c < 40)                 # a band
    # Small islands of the other colour: discs of 1.5 to 3.5 pixels.
    for _ in range(60):
        centre = rng.uniform(2, SIZE - 2, size=2)
        image ^= disc(r, c, centre, rng.uniform(1.5, 3.5))
    return image.astype(np.uint8)


if __name__ == "__main__":
    picture = draw(np.random.default_rng(6))
    Image.fromarray(picture * 255).convert("1").save(OUT, optimize=True)
    print(f"{OUT.name}: {picture.shape}, {picture.mean():.0%} white, "
          f"{OUT.stat().st_size} bytes")
