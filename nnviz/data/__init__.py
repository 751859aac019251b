"""Datasets: toy 2-D sets made on the fly, and files shipped in data/."""

from .toy import (  # noqa: F401
    MAKERS, Dataset, blobs, circles, make, moons, plane, spirals, split, truth_table,
    xor,
)
from .files import (  # noqa: F401
    digits, from_points, load_csv, picture, picture_dataset, stratified_split,
)
from .sequences import adding_problem, count_ones, noisy_sine, remember_first, sequence_window  # noqa: F401,E501
