"""Images side by side: filters, feature maps and class maps drawn as one array."""

from __future__ import annotations

import numpy as np


def tile(images, ncols=None, gap=1):
    """(K, h, w) images side by side in one (rows*(h+gap)-gap, cols*(w+gap)-gap)
    array, NaN in the gaps (drawn as background)."""
    images = np.asarray(images, dtype=float)
    k, h, w = images.shape
    ncols = ncols or int(np.ceil(np.sqrt(k)))
    nrows = int(np.ceil(k / ncols))
    out = np.full((nrows * (h + gap) - gap, ncols * (w + gap) - gap), np.nan)
    for i, image in enumerate(images):
        r, c = divmod(i, ncols)
        out[r * (h + gap) : r * (h + gap) + h, c * (w + gap) : c * (w + gap) + w] = (
            image
        )
    return out
