"""Data read from files: the shipped digits and picture, and a learner's own CSV.

Shipped files live next to this module (so an installed nnviz carries them) and
are described, with licence and source, in data/README.md:

    digits28.npz   5,000 MNIST digits, 28 x 28, 500 per class
    digits8.npz    1,797 UCI digits, 8 x 8
    picture.png    the 64 x 64 black-and-white picture of lesson Q6

Nothing is downloaded and nothing is unpickled: .npz files are opened with
allow_pickle=False, the PNG with Pillow, a CSV with Python's csv module.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources

import numpy as np

from nnviz.data.toy import Dataset, split
from nnviz.nn.checks import check_number, check_rng

# size -> (file, largest pixel value)
DIGIT_FILES = {28: ("digits28.npz", 255), 8: ("digits8.npz", 16)}


@functools.cache
def _shipped_arrays(name):
    """The arrays of a shipped .npz file, read once and kept read-only."""
    with resources.files(__package__).joinpath(name).open("rb") as f, \
            np.load(f, allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in npz.files}
    for array in arrays.values():
        array.flags.writeable = False
    return arrays


def stratified_split(X, y, test_fraction, rng, name="data") -> Dataset:
    """Hold out `test_fraction` of every class, so train and test have the same mix.

    Both parts come out shuffled. y must hold class labels.
    """
    check_number(test_fraction, "test_fraction", where="stratified_split", low=0,
                 high=1, high_open=True,
                 hint="It is the share of each class held out for testing, e.g. 0.2.")
    train, test = [], []
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        n_test = int(round(test_fraction * len(members)))
        test.append(members[:n_test])
        train.append(members[n_test:])
    train = rng.permutation(np.concatenate(train))
    test = rng.permutation(np.concatenate(test))
    return Dataset(X[train], y[train], X[test], y[test], name)


def digits(size=28, *, test_fraction=0.2, rng=None, flat=False) -> Dataset:
    """Handwritten digits 0..9 as images with pixel values in [0, 1].

    size 28: 5,000 MNIST digits (500 of each).  size 8: 1,797 UCI digits
    (each pixel counts the ink in a 4 x 4 block of a 32 x 32 scan).

    Shapes (float64 images, int64 labels 0..9):
        X_train (N_train, 1, size, size)   or (N_train, size*size) with flat=True
        y_train (N_train,)
    and the same for the test part. The 1 is the channel axis (NCHW), ready
    for a convolution; flat=True gives rows for a Dense layer. The split is
    stratified: every digit is held out in the same proportion.
    """
    if size not in DIGIT_FILES:
        raise ValueError(f"digits(size={size!r}): choose size 28 (MNIST) or 8 (UCI).")
    name, max_pixel = DIGIT_FILES[size]
    arrays = _shipped_arrays(name)
    X = arrays["images"].astype(np.float64) / max_pixel
    X = X.reshape(len(X), -1) if flat else X[:, None, :, :]
    y = arrays["labels"].astype(np.int64)
    rng = check_rng(rng, "digits")
    return stratified_split(X, y, test_fraction, rng, name=f"digits{size}")


def picture(path=None) -> np.ndarray:
    """The two-colour picture of lesson Q6: an (H, W) array of 0 (black) and 1 (white).

    `path` reads your own image instead (any format Pillow opens; it is made
    grey and split at mid-grey). Row 0 is the top of the picture.
    """
    from PIL import Image  # Pillow: only needed here

    if path is None:
        f = resources.files(__package__).joinpath("picture.png").open("rb")
    else:
        f = open(path, "rb")
    with f:
        grey = np.asarray(Image.open(f).convert("L"))
    return (grey > 127).astype(np.int64)


def picture_dataset(*, test_fraction=0.0, rng=None, path=None) -> Dataset:
    """Pixel coordinates -> colour, for fitting a picture with a net (lesson Q6).

    Shapes: X (H*W, 2) float64 = (row, col), each scaled to [-1, 1] (row -1 is
    the top); y (H*W,) float64 0/1, the colour. With test_fraction=0 (the
    default) every pixel is for training, in reading order, so
    `model.predict(data.X_train)` reshapes straight back to (H, W).
    """
    image = picture(path)
    H, W = image.shape
    rows, cols = np.mgrid[0:H, 0:W]
    X = np.c_[rows.ravel() / (H - 1), cols.ravel() / (W - 1)] * 2.0 - 1.0
    y = image.ravel().astype(np.float64)
    if test_fraction == 0:
        return Dataset(X, y, X[:0], y[:0], "picture")
    rng = rng if rng is not None else np.random.default_rng()
    return split(X, y, test_fraction, rng, "picture")


# ---- a learner's own data --------------------------------------------------

MISSING = {"", "na", "n/a", "nan", "null", "none", "?", "-"}


def _cell(text, row, col):
    """One CSV cell as a float, or a ValueError naming its row and column (1-based)."""
    where = f"row {row}, column {col}"
    if text.strip().lower() in MISSING:
        raise ValueError(
            f"The CSV has a missing value at {where} ({text.strip() or 'empty'!r}). "
            "Fill it in or delete that row: a network needs a number in every cell."
        )
    try:
        value = float(text)
    except ValueError:
        hint = " Use a dot for decimals (1.5, not 1,5)." if "," in text else ""
        raise ValueError(
            f"The CSV has text {text.strip()!r} at {where}, where a number was "
            "expected. Turn categories into numbers (e.g. 0 and 1) first." + hint
        ) from None
    if not np.isfinite(value):
        raise ValueError(f"The CSV has {text.strip()!r} at {where}; use a finite "
                         "number.")
    return value


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def load_csv(path, *, target=-1, delimiter=",") -> tuple[np.ndarray, np.ndarray]:
    """Read your own table of numbers: one example per row, one column is the target.

    The first row is taken as a header when none of its cells is a number.
    `target` is the target column: an index (0 first, -1 last) or a header
    name. Blank lines are skipped. Rows and columns in error messages are
    counted from 1, as a spreadsheet shows them (the header is row 1).

    Returns X (N, n_columns - 1) float64 and y (N,) float64.
    Raises ValueError for a row with the wrong number of columns, a text cell,
    a missing value or inf, naming the row and column.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f, delimiter=delimiter)
            rows = [(number, row) for number, row in enumerate(reader, start=1)
                    if any(cell.strip() for cell in row)]
    except UnicodeDecodeError:
        raise ValueError(_not_text_message(path)) from None
    if not rows:
        raise ValueError(f"The CSV file {path} is empty.")
    header = None
    if not any(_is_number(cell) for cell in rows[0][1]):
        header = [cell.strip() for cell in rows[0][1]]
        rows = rows[1:]
    if not rows:
        raise ValueError(f"The CSV file {path} has a header but no rows of numbers.")
    first_number, first = rows[0] if header is None else (1, header)
    n_cols = len(first)
    if n_cols < 2:
        other = ";" if ";" in first[0] else "\t" if "\t" in first[0] else None
        hint = (f" It looks separated by {other!r}: pass delimiter={other!r}."
                if other else "")
        raise ValueError(
            f"The CSV needs at least two columns (inputs and a target) but row "
            f"{first_number} has {n_cols}." + hint)
    column = _target_column(target, header, n_cols)
    table = np.empty((len(rows), n_cols))
    for i, (number, row) in enumerate(rows):
        if len(row) != n_cols:
            raise ValueError(
                f"Row {number} of the CSV has {len(row)} columns but row "
                f"{first_number} has {n_cols}. Every row needs the same columns: "
                "look for a missing or extra comma.")
        table[i] = [_cell(text, number, col) for col, text in enumerate(row, start=1)]
    return np.delete(table, column, axis=1), table[:, column]


def _not_text_message(path) -> str:
    """Why a file that is not UTF-8 text cannot be read as a CSV, and the fix."""
    with open(path, "rb") as f:
        start = f.read(8)
    if start.startswith(b"PK\x03\x04") or start.startswith(b"\xd0\xcf\x11\xe0"):
        what = "a spreadsheet (an Excel or LibreOffice file), not a CSV text file"
    else:
        what = "not UTF-8 text (perhaps another text encoding, or not text at all)"
    return (f"Cannot read {path} as a CSV: it is {what}. In the spreadsheet "
            "program choose File > Save As > 'CSV UTF-8 (comma delimited)', then "
            "load that file.")


def _target_column(target, header, n_cols):
    if isinstance(target, str):
        if header is None or target not in header:
            names = ", ".join(header) if header else "none: the file has no header row"
            raise ValueError(
                f"No column named {target!r} in the CSV. Columns: {names}.")
        return header.index(target)
    if not -n_cols <= int(target) < n_cols:
        raise ValueError(
            f"target={target} is not a column: the CSV has {n_cols} columns, so use "
            f"0..{n_cols - 1} (or -1 for the last).")
    return int(target) % n_cols


def from_points(X, y, *, n_features=2, test_fraction=0.0, rng=None) -> Dataset:
    """Your own points (for example clicked on a plot) checked and made a Dataset.

    X (N, n_features) numbers, y (N,) targets. Raises ValueError, in words,
    for the wrong shape, a NaN or inf (saying where), or a count mismatch.
    """
    X, y = _numbers(X, "The points X"), _numbers(y, "The targets y")
    if X.ndim != 2 or X.shape[1] != n_features:
        raise ValueError(
            f"The points X must have shape (N, {n_features}): one row of {n_features} "
            f"coordinates per point. Got shape {X.shape}.")
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(
            f"There are {len(X)} points but y has shape {y.shape}; give one target "
            "per point.")
    if len(X) < 2:
        raise ValueError(f"Add at least two points to learn from (got {len(X)}).")
    if test_fraction == 0:
        return Dataset(X, y, X[:0], y[:0], "points")
    rng = rng if rng is not None else np.random.default_rng()
    return split(X, y, test_fraction, rng, "points")


def _numbers(a, what):
    """a as a float64 array, or a ValueError saying which entry is not a number."""
    try:
        array = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError):
        entries = np.asarray(a, dtype=object)
        for index, value in np.ndenumerate(entries):
            if np.ndim(value) > 0:
                break  # rows of different lengths: reported below
            try:
                float(value)
            except (TypeError, ValueError):
                raise ValueError(f"{what} must hold numbers, but entry {index} is "
                                 f"{value!r}.") from None
        raise ValueError(f"{what} must be a table with the same number of entries "
                         "in every row.") from None
    bad = np.argwhere(~np.isfinite(array))
    if len(bad):
        index = tuple(int(i) for i in bad[0])
        raise ValueError(f"{what} has {array[index]} at index {index}; use finite "
                         "numbers (remove or fill missing values).")
    return array
