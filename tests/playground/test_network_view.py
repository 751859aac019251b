"""NetworkDiagramView: node maps, links by weight sign and size, biases, selection."""

from types import SimpleNamespace

import numpy as np
import pytest

import nnviz as nv
from nnviz.playground.network_view import (
    CROWDED,
    GAP,
    LARGE_RESOLUTION,
    NetworkDiagramView,
    link_style,
    node_groups,
)


@pytest.fixture
def model(rng):
    return nv.mlp([2, 4, 2, 1], "tanh", rng=rng)


@pytest.fixture
def view(model):
    return NetworkDiagramView(model, node_resolution=10)


def test_one_map_per_node(view):
    assert view.sizes == [2, 4, 2, 1]
    assert [len(column) for column in view.maps] == [2, 4, 2, 1]
    assert np.array(view.maps[1][0].get_array()).shape == (10, 10)


def test_hidden_map_is_the_units_activated_output(view, model):
    points = view._points[: 10 * 10]
    h = np.tanh(points @ model.layers[0].params["W"] + model.layers[0].params["b"])
    # drawn from a float32 pass (nnviz.plots.float32): 7 digits, a colour needs 3
    np.testing.assert_allclose(
        np.array(view.maps[1][3].get_array()).ravel(), h[:, 3], rtol=0, atol=1e-6
    )


def test_update_changes_maps_links_and_biases_in_place(view, model):
    artists = (view.fig, view.links, view.maps[1][0], view.bias_texts[0], view.large)
    before = np.array(view.maps[1][0].get_array())
    model.layers[0].params["W"][:, 0] *= -3
    model.layers[0].params["b"][0] = 0.7
    view.update(model)
    assert (
        view.fig,
        view.links,
        view.maps[1][0],
        view.bias_texts[0],
        view.large,
    ) == artists
    assert not np.allclose(before, view.maps[1][0].get_array())
    assert view.bias_texts[0].get_text() == "b +0.70"


def test_links_width_by_size_and_style_by_sign(view, model):
    W = model.layers[0].params["W"]
    W[0, 0], W[0, 1] = 2.0, -0.1
    view.update(model)
    widths, styles = view.links.get_linewidths(), view.links.get_linestyles()
    assert len(widths) == 2 * 4 + 4 * 2 + 2 * 1
    assert widths[0] > widths[1]
    assert styles[0][1] is None and styles[1][1] is not None  # solid + / dashed -


def test_select_shows_the_node_large(view, model):
    view.select(2, 1)
    values = np.array(view.large.get_array())
    assert values.shape == (LARGE_RESOLUTION, LARGE_RESOLUTION)
    assert "hidden 2, unit 2" in view.large_title.get_text()
    view.select(0, 1)
    np.testing.assert_allclose(
        np.array(view.large.get_array())[:, 0], np.linspace(-3, 3, LARGE_RESOLUTION)
    )
    with pytest.raises(ValueError, match="No node"):
        view.select(1, 4)


def test_clicking_a_node_selects_it(view):
    view._on_pick(SimpleNamespace(artist=view.maps[1][2]))
    assert view.selected == (1, 2)


def test_hovering_a_node_selects_it(view):
    x0, x1, y0, y1 = view.maps[2][0].get_extent()
    view._on_move(
        SimpleNamespace(inaxes=view.ax, xdata=(x0 + x1) / 2, ydata=(y0 + y1) / 2)
    )
    assert view.selected == (2, 0)


def test_features_feed_the_first_layer(rng):
    model = nv.mlp([3, 2, 1], "relu", rng=rng)
    view = NetworkDiagramView(model, features=("x1", "x2", "x1x2"), node_resolution=8)
    product = np.array(view.maps[0][2].get_array()).ravel()
    np.testing.assert_allclose(product, view._points[:64, 0] * view._points[:64, 1])
    with pytest.raises(ValueError, match="features were named"):
        NetworkDiagramView(model)


def test_another_shape_asks_for_a_new_view(view, rng):
    with pytest.raises(ValueError, match="another shape"):
        view.update(nv.mlp([2, 3, 1], rng=rng))


def test_node_groups_skip_to_the_activated_output(rng):
    model = (
        nv.dropout_mlp([2, 3, 1], rate=0.5, rng=rng)
        if hasattr(nv, "dropout_mlp")
        else nv.mlp([2, 3, 1], rng=rng)
    )
    groups = node_groups(model)
    assert [end for _, end in groups][-1] == len(model.layers)
    assert type(model.layers[groups[0][1] - 1]).__name__ != "Dense"


def test_bias_dots_grow_with_the_bias_and_take_its_sign(view, model):
    model.layers[0].params["b"][:2] = [1.5, -0.1]
    view.update(model)
    sizes, colors = view.bias_marks.get_sizes(), view.bias_marks.get_facecolors()
    assert len(sizes) == 4 + 2 + 1 and sizes[0] > sizes[1]
    assert not np.allclose(colors[0], colors[1])


def _extent(view, text):
    view.fig.canvas.draw()
    return text.get_window_extent(view.fig.canvas.get_renderer())


def _inside(box, outer, pad=0.5):
    return (box.x0 >= outer.x0 - pad and box.y0 >= outer.y0 - pad
            and box.x1 <= outer.x1 + pad and box.y1 <= outer.y1 + pad)


def diverge(model, scale=1e6):
    """Weights and biases as a diverged training run leaves them."""
    for layer in node_groups(model):
        layer[0].params["W"] *= scale
        layer[0].params["b"][:] = scale * np.linspace(-3.2e6, 1.0, layer[0].n_out)


def test_bias_labels_stay_short_and_under_their_node_after_divergence(view, model):
    model.layers[0].params["b"][:] = [1e6, -3.2e12, 123456.789, 0.25]
    view.update(model)
    texts = [t.get_text() for t in view.bias_texts[:4]]
    assert texts == ["b +1.0e6", "b −3.2e12", "b +1.2e5", "b +0.25"]
    diverge(model)
    view.update(model)
    view.fig.canvas.draw()
    renderer = view.fig.canvas.get_renderer()
    to_data = view.ax.transData.inverted()
    units = [(c, i) for c, n in enumerate(view.sizes[1:], 1) for i in range(n)]
    for text, (column, _unit) in zip(view.bias_texts, units, strict=True):
        assert len(text.get_text()) <= 9, text.get_text()
        box = text.get_window_extent(renderer).transformed(to_data)
        # starts under its node and ends before the next column's nodes
        assert column * GAP <= box.x0 and box.x1 < (column + 1) * GAP, text.get_text()


@pytest.mark.parametrize("widths", [[2, 4, 2, 1], [2, 8, 8, 1]])
def test_large_map_caption_stays_inside_a_laid_out_figure(rng, widths):
    """The playground lays the figure out once (for the caption then shown), then
    keeps that layout: a later, longer caption must still fit."""
    model = nv.mlp(widths, "relu", rng=rng)
    view = NetworkDiagramView(model, node_resolution=8)
    view.fig.draw_without_rendering()
    view.fig.set_layout_engine("none")
    diverge(model)
    view.update(model)
    view.select(len(widths) - 1, 0)  # the output: huge values, both signs
    caption = view.large_title.get_text()
    assert "e" in caption and len(caption.splitlines()[1]) <= 17, caption
    assert _inside(_extent(view, view.large_title), view.fig.bbox), caption
    assert view.large_title.get_fontsize() >= 6


# ---- colours that agree with the P(class 1) plot; readable crowds ----------


def _clim_centre(image):
    low, high = image.get_clim()
    return (low + high) / 2


def test_a_sigmoid_output_is_centred_at_one_half(rng):
    """A probability output (the playground's squared-error loss) is white at 0.5:
    orange is class 1 there, as in the P(class 1) plot, even when every value
    is on one side of 0."""
    model = nv.mlp([2, 3, 1], "tanh", output="sigmoid", rng=rng)
    view = NetworkDiagramView(model, node_resolution=10)
    assert view.centre == 0.5
    assert _clim_centre(view.large) == pytest.approx(0.5)
    assert _clim_centre(view.maps[-1][0]) == pytest.approx(0.5)
    assert _clim_centre(view.maps[1][0]) == pytest.approx(0.0)  # hidden: still 0
    assert view.large_title.get_text().startswith("P(class 1)")
    assert "blue < 0.5 < orange" in view.map_note.get_text()
    # a point the net calls class 0 (p < 0.5) is blue, class 1 orange
    p = np.array(view.large.get_array()).ravel()
    norm = view.large.norm
    assert ((norm(p) > 0.5) == (p > 0.5)).all()


def test_a_logit_output_stays_centred_at_zero(view):
    assert view.centre == 0.0
    assert _clim_centre(view.large) == pytest.approx(0.0)
    assert "0.5" not in view.map_note.get_text()
    assert view.large_title.get_text().startswith("output")


def test_many_links_are_thin_and_faint_but_the_strongest_read(rng):
    model = nv.mlp([2, 9, 9, 4, 1], "relu", rng=rng)
    view = NetworkDiagramView(model, node_resolution=8)
    weights = np.concatenate([d.params["W"].ravel() for d, _ in node_groups(model)])
    assert len(weights) > CROWDED
    widths = view.links.get_linewidths()
    alphas = view.links.get_colors()[:, 3]
    strong, weak = np.argmax(np.abs(weights)), np.argmin(np.abs(weights))
    assert widths[strong] >= 2.4 and alphas[strong] >= 0.85
    assert widths[weak] < 0.5 and alphas[weak] < 0.2
    assert np.median(alphas) < 0.6  # most links stay in the background


def test_few_links_keep_their_width_by_size(view):
    alphas = view.links.get_colors()[:, 3]
    np.testing.assert_allclose(alphas, 0.85)
    widths, _ = link_style(np.array([0.1, 1.0, 3.0]))
    np.testing.assert_allclose(widths, [0.6, 2.4, 5.0])


@pytest.mark.parametrize("widths", [[2, 3, 4, 1], [2, 9, 9, 4, 1]])
def test_column_titles_stand_clear_of_the_top_node(rng, widths):
    view = NetworkDiagramView(nv.mlp(widths, "tanh", rng=rng), node_resolution=8)
    view.fig.canvas.draw()
    renderer = view.fig.canvas.get_renderer()
    titles = [t for t in view.ax.texts if t.get_text() in
              {"input", "output", "in", "out"} or t.get_text().startswith("h")]
    assert len(titles) == len(widths)
    top = view.ax.transData.transform((0, view._top))[1]
    for title in titles:
        box = title.get_window_extent(renderer)
        assert box.y0 >= top + 3, title.get_text()  # 3 px of air at least
        assert box.y1 <= view.fig.bbox.y1, title.get_text()
