"""Editing one weight or bias of the playground's network by hand.

Four controls: "w_layer" (which Dense layer), "w_to" (which unit it feeds),
"w_from" (which input, or -1 for the bias) and "weight" (the value). Moving
"weight" writes into the layer's params in place, so the model, and every view
repainted after it, sees the new number. Training moves the slider along with
the weight it shows.
"""

from __future__ import annotations

import numpy as np

from nnviz.data.features import LABELS


class WeightEditor:
    """Mixin for Playground: needs .controls, .session, .show, .later, ._quiet(),
    ._report()."""


    def _refresh_selectors(self):
        """Point the weight editor at layer 1, unit 1, input 1 of the network."""
        c = self.controls
        with self._quiet():
            c["w_layer"].options = [
                (f"layer {k + 1} ({layer.n_in}→{layer.n_out})", k)
                for k, layer in enumerate(self.session.dense_layers)
            ]
            c["w_layer"].value = 0
            self._refresh_units()
        self._sync_weight()

    def _refresh_units(self):
        c, k = self.controls, self.controls["w_layer"].value
        W = self.session.dense_layers[k].params["W"]
        sources = (
            [LABELS[n] for n in self.session.config.features]
            if k == 0
            else [f"unit {i + 1}" for i in range(W.shape[0])]
        )
        c["w_from"].options = [*[(s, i) for i, s in enumerate(sources)], ("bias", -1)]
        c["w_from"].value = 0
        c["w_to"].options = [(f"unit {j + 1}", j) for j in range(W.shape[1])]
        c["w_to"].value = 0

    def _on_select(self, change):
        if self._muted:
            return
        if change["owner"] is self.controls["w_layer"]:
            with self._quiet():
                self._refresh_units()
        self._sync_weight()
        self.later.flush()  # a diagram of a new shape may still be waiting
        self.show.network.select(
            self.controls["w_layer"].value + 1, self.controls["w_to"].value
        )

    def _weight_ref(self):
        c = self.controls
        layer = self.session.dense_layers[c["w_layer"].value]
        i, j = c["w_from"].value, c["w_to"].value
        return (layer.params["b"], (j,)) if i == -1 else (layer.params["W"], (i, j))

    def _sync_weight(self):
        array, index = self._weight_ref()
        if not np.isfinite(array[index]):
            return  # a diverged weight: the slider keeps its last value
        slider = self.controls["weight"]
        # Show the weight already rounded to the slider's step, as the browser
        # would: its echo of that rounding is then the value we set, not an edit.
        self._shown_weight = round(float(array[index]) / slider.step) * slider.step
        with self._quiet():
            slider.value = self._shown_weight

    def _on_weight(self, change):
        if self._muted:
            return
        array, index = self._weight_ref()
        if abs(change["new"] - getattr(self, "_shown_weight", np.nan)) < 1e-9:
            return  # the browser echoing the rounded value we showed
        self._shown_weight = np.nan
        array[index] = change["new"]  # in place: the model and every view see it
        # the boundary and the diagram (where the weight is) now; the space view
        # after the last move of a drag
        self.show.paint(self.session, full=True, later=("space",))
        self.later.request()
        self._report()
