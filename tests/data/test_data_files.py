"""The shipped data files, their loaders, and reading a learner's own CSV."""

import zipfile
from importlib import resources

import numpy as np
import pytest

import nnviz as nv
from nnviz.data import files

# ---- digits -----------------------------------------------------------------


@pytest.mark.parametrize("size, n, per_class",
                         [(28, 5000, [500] * 10), (8, 1797, None)])
def test_digit_file_is_plain_arrays_without_pickle(size, n, per_class):
    name = files.DIGIT_FILES[size][0]
    with resources.files("nnviz.data").joinpath(name).open("rb") as f, \
            np.load(f, allow_pickle=False) as npz:
        assert sorted(npz.files) == ["images", "labels"]
        images, labels = npz["images"], npz["labels"]
    assert images.shape == (n, size, size) and images.dtype == np.uint8
    assert labels.shape == (n,) and set(np.unique(labels)) == set(range(10))
    if per_class:
        assert np.bincount(labels).tolist() == per_class


def test_digit_files_are_compressed():
    for name, _ in files.DIGIT_FILES.values():
        with resources.files("nnviz.data").joinpath(name).open("rb") as f:
            with zipfile.ZipFile(f) as archive:
                kinds = {i.compress_type for i in archive.infolist()}
                assert kinds == {zipfile.ZIP_DEFLATED}


@pytest.mark.parametrize("size", [28, 8])
@pytest.mark.parametrize("flat", [False, True])
def test_digits_shapes_range_and_labels(size, flat, rng):
    data = nv.data.digits(size, rng=rng, flat=flat)
    n = {28: 5000, 8: 1797}[size]
    shape = (size * size,) if flat else (1, size, size)
    assert data.X_train.shape[1:] == shape and data.X_test.shape[1:] == shape
    assert len(data.X_train) + len(data.X_test) == n
    assert len(data.X_test) == pytest.approx(0.2 * n, abs=10)
    assert data.X_train.dtype == np.float64
    assert data.X_train.min() == 0.0 and data.X_train.max() == 1.0
    assert data.y_train.dtype.kind == "i"
    assert set(np.unique(data.y_test)) == set(range(10))


def test_digits_split_is_stratified_and_disjoint(rng):
    data = nv.data.digits(28, test_fraction=0.3, rng=rng, flat=True)
    assert np.bincount(data.y_test).tolist() == [150] * 10
    assert np.bincount(data.y_train).tolist() == [350] * 10
    # No image is in both parts (compare rows as bytes).
    train = {row.tobytes() for row in data.X_train}
    assert not any(row.tobytes() in train for row in data.X_test)


def test_digits_split_is_shuffled_and_reproducible():
    a = nv.data.digits(8, rng=np.random.default_rng(3))
    b = nv.data.digits(8, rng=np.random.default_rng(3))
    c = nv.data.digits(8, rng=np.random.default_rng(4))
    np.testing.assert_array_equal(a.X_train, b.X_train)
    assert not np.array_equal(a.y_train, c.y_train)
    assert not np.all(np.diff(a.y_train) >= 0)  # not sorted by class


def test_digits_flat_is_the_image_read_row_by_row(rng):
    image = nv.data.digits(8, rng=np.random.default_rng(1)).X_train
    flat = nv.data.digits(8, rng=np.random.default_rng(1), flat=True).X_train
    np.testing.assert_array_equal(image.reshape(len(image), -1), flat)


def test_digits_loader_does_not_let_a_learner_change_the_shipped_data(rng):
    data = nv.data.digits(8, rng=rng)
    data.X_train[:] = 0
    assert nv.data.digits(8, rng=rng).X_train.max() == 1.0


def test_digits_unknown_size_lists_choices():
    with pytest.raises(ValueError, match="28 .*or 8"):
        nv.data.digits(16)


def test_a_small_net_learns_the_8x8_digits(rng):
    data = nv.data.digits(8, rng=rng, flat=True)
    model = nv.mlp([64, 32, 10], "relu", init="he_normal", rng=rng)
    nv.fit(model, "softmax_cross_entropy", nv.Adam(0.01), data.X_train, data.y_train,
           steps=300, batch_size=64, rng=rng)
    _, acc = nv.evaluate(model, "softmax_cross_entropy", data.X_test, data.y_test)
    assert acc > 0.9


# ---- the Q6 picture --------------------------------------------------------


def test_picture_is_two_colours_with_both_well_represented():
    image = nv.data.picture()
    assert image.shape == (64, 64)
    assert set(np.unique(image)) == {0, 1}
    assert 0.35 < image.mean() < 0.65  # guessing one colour gets nowhere near 100 %


def test_picture_has_many_small_islands():
    """Count 4-connected regions of either colour: small islands are the point of Q6."""
    image = nv.data.picture()
    seen = np.zeros_like(image, dtype=bool)
    sizes = []
    for start in np.ndindex(image.shape):
        if seen[start]:
            continue
        stack, size, colour = [start], 0, image[start]
        seen[start] = True
        while stack:
            r, c = stack.pop()
            size += 1
            for rr, cc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if 0 <= rr < 64 and 0 <= cc < 64 and not seen[rr, cc] \
                        and image[rr, cc] == colour:
                    seen[rr, cc] = True
                    stack.append((rr, cc))
        sizes.append(size)
    assert sum(size < 50 for size in sizes) >= 20


def test_picture_dataset_coordinates_and_colours():
    data = nv.data.picture_dataset()
    image = nv.data.picture()
    assert data.X_train.shape == (64 * 64, 2) and len(data.X_test) == 0
    assert data.X_train.min() == -1.0 and data.X_train.max() == 1.0
    np.testing.assert_array_equal(data.X_train[0], [-1, -1])  # top-left pixel
    np.testing.assert_array_equal(data.X_train[63], [-1, 1])  # top-right: col grows
    np.testing.assert_array_equal(data.X_train[64], [-1 + 2 / 63, -1])  # next row
    np.testing.assert_array_equal(data.y_train.reshape(64, 64), image)


def test_picture_dataset_split(rng):
    data = nv.data.picture_dataset(test_fraction=0.25, rng=rng)
    assert len(data.X_test) == 1024 and len(data.X_train) == 3072
    np.testing.assert_array_equal(np.sort(data.y), np.sort(nv.data.picture().ravel()))


def test_picture_reads_your_own_image(tmp_path):
    from PIL import Image

    drawing = np.zeros((5, 7), dtype=np.uint8)
    drawing[1:3, 2:6] = 255
    Image.fromarray(drawing).save(tmp_path / "mine.png")
    got = nv.data.picture(tmp_path / "mine.png")
    np.testing.assert_array_equal(got, drawing // 255)
    assert nv.data.picture_dataset(path=tmp_path / "mine.png").X_train.shape == (35, 2)


def test_small_net_stalls_on_the_picture_where_a_deeper_one_does_not():
    """Q6 in miniature: in the same 2,000 steps a deeper net fits many more pixels.

    (Trained for 40,000 steps the 2-100-2 tanh net still stays near 72 %.)
    """
    data = nv.data.picture_dataset()

    def pixels_right(sizes, activation, init, lr):
        model = nv.mlp(sizes, activation, init=init, rng=np.random.default_rng(0))
        nv.fit(model, "softmax_cross_entropy", nv.Adam(lr), data.X_train,
               data.y_train, steps=2000, batch_size=256, rng=np.random.default_rng(0))
        return np.mean(model.predict(data.X_train).argmax(axis=1) == data.y_train)

    small = pixels_right([2, 100, 2], "tanh", "glorot_uniform", 0.03)
    deep = pixels_right([2, 64, 64, 64, 2], "relu", "he_uniform", 0.01)
    assert 0.6 < small < 0.75
    assert deep > small + 0.1


# ---- a learner's own CSV ---------------------------------------------------


def write(tmp_path, text, name="mine.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", [
    "x1,x2,label\n0.5,1,0\n-2,3e-1,1\n",
    "0.5,1,0\n-2,0.3,1\n",
    "\ufeffx1,x2,label\r\n0.5,1,0\r\n-2,0.3,1\r\n\r\n",  # Excel: BOM, CRLF, blank end
    " x1 , x2 , label \n 0.5 , 1 , 0 \n\n-2, 0.3, 1\n",
])
def test_load_csv_reads_numbers_with_or_without_header(tmp_path, text):
    X, y = nv.data.load_csv(write(tmp_path, text))
    np.testing.assert_array_equal(X, [[0.5, 1], [-2, 0.3]])
    np.testing.assert_array_equal(y, [0, 1])
    assert X.dtype == np.float64


@pytest.mark.parametrize("target, X0, y", [
    (0, [1, 0], [0.5, -2]), (1, [0.5, 0], [1, 0.3]), (-1, [0.5, 1], [0, 1]),
    ("x2", [0.5, 0], [1, 0.3]),
])
def test_load_csv_target_column(tmp_path, target, X0, y):
    X, got = nv.data.load_csv(write(tmp_path, "x1,x2,label\n0.5,1,0\n-2,0.3,1\n"),
                              target=target)
    np.testing.assert_array_equal(X[0], X0)
    np.testing.assert_array_equal(got, y)


def test_load_csv_other_delimiter(tmp_path):
    X, y = nv.data.load_csv(write(tmp_path, "a;b\n1;2\n"), delimiter=";")
    assert X.tolist() == [[1.0]] and y.tolist() == [2.0]


@pytest.mark.parametrize("text, message", [
    ("x1,x2,label\n1,2,0\n3,4\n", r"Row 3 of the CSV has 2 columns but row 1 has 3"),
    ("1,2,0\n3,4,1,9\n", r"Row 2 of the CSV has 4 columns but row 1 has 3"),
    ("x1,x2,label\n1,2,0\n3,red,1\n", r"text 'red' at row 3, column 2"),
    ("1,2,cat\n", r"text 'cat' at row 1, column 3"),
    ("x1,x2,label\n1,,0\n", r"missing value at row 2, column 2"),
    ("x1,x2,label\n1,2,0\n\n4,NA,1\n", r"missing value at row 4, column 2"),
    ("1,2,0\n1,2,?\n", r"missing value at row 2, column 3"),
    ("1,2,0\n1,inf,0\n", r"'inf' at row 2, column 2"),
    ("x1,x2,label\n", r"header but no rows"),
    ("", r"is empty"),
    ("1;2;0\n3;4;1\n", r"at least two columns .* delimiter=';'"),
])
def test_load_csv_errors_name_row_and_column(tmp_path, text, message):
    with pytest.raises(ValueError, match=message):
        nv.data.load_csv(write(tmp_path, text))


def test_load_csv_decimal_comma_gets_a_hint(tmp_path):
    with pytest.raises(ValueError, match=r"row 1, column 1.*dot for decimals"):
        nv.data.load_csv(write(tmp_path, '"1,5";2\n', "semi.csv"), delimiter=";")


@pytest.mark.parametrize("target, message", [
    (3, r"target=3 is not a column: the CSV has 3 columns"),
    (-4, r"target=-4 is not a column"),
    ("y", r"No column named 'y'.*Columns: x1, x2, label"),
])
def test_load_csv_bad_target(tmp_path, target, message):
    with pytest.raises(ValueError, match=message):
        nv.data.load_csv(write(tmp_path, "x1,x2,label\n1,2,0\n"), target=target)


def test_loaded_csv_trains_a_model(tmp_path, rng):
    data = nv.data.xor(n=40, rng=rng)
    table = np.c_[data.X_train, data.y_train]
    path = tmp_path / "xor.csv"
    np.savetxt(path, table, delimiter=",", header="x1,x2,label", comments="")
    X, y = nv.data.load_csv(path)
    np.testing.assert_allclose(X, data.X_train)
    model = nv.mlp([2, 4, 1], "tanh", output="sigmoid", rng=rng)
    records = nv.fit(model, "binary_cross_entropy", nv.Adam(0.05), X, y, steps=50,
                     rng=rng)
    assert records[-1].loss < records[0].loss


# ---- your own points ------------------------------------------------------


def test_from_points_makes_a_dataset():
    data = nv.data.from_points([[0, 1], [2, 3], [4, 5]], [0, 1, 1])
    assert data.X_train.shape == (3, 2) and data.X_train.dtype == np.float64
    assert data.y_train.tolist() == [0.0, 1.0, 1.0] and len(data.X_test) == 0
    split = nv.data.from_points(np.ones((10, 2)), np.zeros(10), test_fraction=0.3,
                                rng=np.random.default_rng(0))
    assert (len(split.X_train), len(split.X_test)) == (7, 3)


@pytest.mark.parametrize("X, y, message", [
    ([[0, 1, 2], [3, 4, 5]], [0, 1], r"shape \(N, 2\).*Got shape \(2, 3\)"),
    ([0, 1], [0, 1], r"shape \(N, 2\)"),
    ([[0, 1], [2]], [0, 1], r"same number of entries in every row"),
    ([[0, "a"], [2, 3]], [0, 1], r"entry \(0, 1\) is 'a'"),
    ([[0, 1], [np.nan, 3]], [0, 1], r"nan at index \(1, 0\)"),
    ([[0, 1], [2, 3]], [0, np.inf], r"The targets y has inf at index \(1,\)"),
    ([[0, 1], [2, 3]], [0, 1, 1], r"2 points but y has shape \(3,\)"),
    ([[0, 1]], [0], r"at least two points"),
])
def test_from_points_errors(X, y, message):
    with pytest.raises(ValueError, match=message):
        nv.data.from_points(X, y)


def test_every_shipped_file_is_package_data():
    """pyproject's package-data globs cover each data file, so a wheel carries it."""
    import fnmatch
    import re
    from pathlib import Path

    text = (Path(__file__).parents[2] / "pyproject.toml").read_text()
    listed = re.search(r'"nnviz.data" = \[(.*?)\]', text).group(1)
    globs = re.findall(r'"([^"]+)"', listed)
    shipped = [p.name for p in resources.files("nnviz.data").iterdir()
               if not p.name.endswith((".py", ".pyc")) and p.is_file()]
    assert {"digits28.npz", "digits8.npz", "picture.png"} <= set(shipped)
    for name in shipped:
        assert any(fnmatch.fnmatch(name, g) for g in globs), name
