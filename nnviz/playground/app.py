"""The playground: pick data, features and a network, train it live, watch every view.

    pg = nv.playground()                                # the default: circles, 2-4-2-1
    pg = nv.playground("data=xor;hidden=4;hide=features")  # an instructor's preset
    pg = nv.playground(data=(X, y))                     # your points (or a CSV path)

Controls (all in `pg.controls`, all settable from Python with `.value`):
data, noise, train, regenerate | features | layers, units_1.., act_1.. | init,
dropout | loss, optimizer, lr, batch, penalty, rate | play, step, reset |
discretize, space | w_layer, w_to, w_from, weight (edit one weight by hand) |
preset, load | export_name, save_gif, save_html.

How a frame works: Play is a LiveTraining (nnviz.widgets.live), like every
panel that trains; each tick takes a few optimizer steps (at most
STEPS_PER_FRAME, fewer if the tick would pass its time budget), then
`_show_frame` computes the losses of the whole train and test sets and
repaints the views in place. While
playing, the boundary is computed at a lower resolution and the space view
only every few frames; on pause everything is repainted at full resolution.

Changing data, features or the architecture starts again from new weights;
changing lr, optimizer, batch or the penalty keeps the weights and continues.

Every control answers at once (issue 18: a callback that only redraws takes
at most a few tens of milliseconds, and none trains): it repaints the boundary
(and the diagram, for a hand-edited weight) and asks `later`
(nnviz/playground/later.py) to bring the network diagram and the space view up
to date a moment after the last move of a drag. A newer move replaces the
waiting work, so a drag through ten values rebuilds a diagram once. The
training settings (lr, optimizer, batch, penalty) redraw nothing: they matter
when training runs. A frame (Play, "one step") first does any waiting work.

Divergence: when the loss is no longer finite (a batch's, seen by train_steps,
or the whole sets', checked every frame), Play stops, the last finite weights
are put back and shown, and the status line says at which step and what to
change. No view raises on values that are not finite. A lower learning rate
goes on from the kept weights; reset starts again.
"""

from __future__ import annotations

import contextlib
import html
from dataclasses import fields

import ipywidgets as widgets

from nnviz.playground import controls as pc
from nnviz.playground import session as sessions
from nnviz.playground.config import PlaygroundConfig
from nnviz.playground.later import Later
from nnviz.playground.views import PlaygroundViews
from nnviz.playground.weights import WeightEditor
from nnviz.widgets.controls import (
    Panel,
    error_output,
    figure_widget,
    reports_errors,
    require_widget_backend,
)
from nnviz.widgets.live import LiveTraining
from nnviz.widgets.progress import Progress

STEPS_PER_FRAME = 5
INTERVAL, MAX_INTERVAL = 50, 400  # ms between Play ticks: aim, and at most
#: seconds after the last move of a burst before the slower views follow
SETTLE_DELAY = 0.15
DATA_KEYS = {"data", "noise", "train", "points", "seed"}
MODEL_KEYS = {"features", "hidden", "activation", "init", "dropout", "loss"}
TRAIN_KEYS = {"optimizer", "lr", "batch", "penalty", "rate"}


def playground(preset=None, *, data=None, check_backend=True) -> Playground:
    """The playground panel, set up from a preset string (or a PlaygroundConfig).

    data: your own points, (X, y) with X (N, 2), or the path of a CSV file
    (columns x1, x2, target). Targets 0/1 are classes, any other numbers a
    regression. With data given and no data= in the preset, the panel starts on it.
    """
    if check_backend:
        require_widget_backend()
    given = isinstance(preset, PlaygroundConfig)
    config = preset if given else PlaygroundConfig.from_preset(preset or "")
    own = sessions.own_dataset(data) if data is not None else None
    if own is not None and not given and "data=" not in (preset or "").replace(" ", ""):
        config = config.replace(data="own")
    return Playground(config, own)


class Playground(WeightEditor, Panel):
    """The playground panel: `.controls`, `.views`, `.config`, `.session`, `.state`.

    Methods: frame(n_steps), reset(), apply(config), to_preset(), load_preset(text),
    export(path, n_frames, figure). `.views` is [boundary, network, loss, space];
    `.play` is the Play widget, `.status` the epoch and loss line.
    state: "epoch", "train_loss", "test_loss", "diverged" (the message or None),
    "error" (the last callback error or None).
    """

    def __init__(self, config, own=None):
        self.config, self.own, self._muted, self.frames = config, own, False, 0
        self.session = sessions.Session(config, own)
        self.show = PlaygroundViews(self.session)
        controls = pc.make_controls(config, own)
        self.live = LiveTraining(self._show_frame, steps_per_tick=STEPS_PER_FRAME,
                                 interval=INTERVAL, max_interval=MAX_INTERVAL,
                                 on_diverged=self._diverged)
        self.play, self.counter = self.live.play, self.live.counter
        self.status = widgets.HTML()
        self.export_progress = Progress()  # in the export row: frames written
        self._figure_widgets = [figure_widget(fig) for fig in self.show.figures]
        self._titles = pc.section_titles()
        output = self.live.output = error_output()
        top = [
            self.play,
            controls["step"],
            controls["reset"],
            self.counter,
            self.status,
        ]
        super().__init__(
            pc.layout(controls, top, self._figure_widgets, output, self._titles,
                      export_progress=self.export_progress.widget),
            controls,
            self.show.views,
            output,
            {"diverged": None, "error": None},
            self.live,
        )
        # The network diagram and the space view follow a moment after a move
        # (after the last move of a drag): see nnviz/playground/later.py
        self.later = Later(self._report_errors(self._settle), delay=SETTLE_DELAY)
        self._wire()
        self._install(self.session)
        self._after_config_change()
        self.later.flush()

    # ---- wiring -------------------------------------------------------------

    def _report_errors(self, callback):
        """reports_errors(output), keeping the message in state["error"]."""

        def recorded(*args):
            try:
                result = callback(*args)
            except Exception as error:
                self.state["error"] = f"{type(error).__name__}: {error}"
                raise
            self.state["error"] = None
            return result

        return reports_errors(self.output)(recorded)

    def _wire(self):
        c, report = self.controls, self._report_errors
        for name in [
            *pc.SIMPLE,
            "layers",
            *pc.GROUPS["units"],
            *pc.GROUPS["activation"],
        ]:
            c[name].observe(report(self._on_control), names="value")
        c["regenerate"].on_click(
            report(lambda _: self.apply(self.config.replace(seed=self.config.seed + 1)))
        )
        c["step"].on_click(report(lambda _: self.frame(1)))
        c["reset"].on_click(report(lambda _: self.reset()))
        c["load"].on_click(report(lambda _: self.load_preset(c["preset"].value)))
        c["save_gif"].on_click(
            report(lambda _: self.export(c["export_name"].value + ".gif"))
        )
        c["save_html"].on_click(
            report(lambda _: self.export(c["export_name"].value + ".html"))
        )
        self.play.observe(report(self._on_play), names="playing")
        for name in ("w_layer", "w_to", "w_from"):
            c[name].observe(report(self._on_select), names="value")
        c["weight"].observe(report(self._on_weight), names="value")
        c["space"].observe(report(self._on_space), names="value")

    def _on_space(self, change):
        if self._muted:
            return
        self.show.space_to(change["new"])
        self.later.request()  # its labels are checked after the drag

    @contextlib.contextmanager
    def _quiet(self):
        """Set controls from code without their callbacks firing."""
        muted, self._muted = self._muted, True
        try:
            yield
        finally:
            self._muted = muted

    def _set_controls(self, config):
        with self._quiet():
            pc.write_config(self.controls, config)

    def _on_control(self, change):
        if self._muted:
            return
        try:
            config = pc.read_config(self.controls, self.config)
            if config.data == "plane":
                with self._quiet():
                    self.controls["loss"].value = config.loss  # always squared error
        except ValueError:
            self._set_controls(self.config)  # put the controls back as they were
            raise
        self.apply(config)

    # ---- state changes ------------------------------------------------------

    def apply(self, config: PlaygroundConfig):
        """Switch to `config`: rebuild what it changes (data, network or training).

        Returns at once with the boundary redrawn; the network diagram and the
        space view follow a moment later (`later`). A change that only matters
        once training runs (learning rate, optimizer, batch, penalty) redraws
        nothing.
        """
        changed = {
            f.name
            for f in fields(config)
            if getattr(config, f.name) != getattr(self.config, f.name)
        }
        if not changed:
            return  # e.g. the units of a layer that is not in use
        rebuilt = bool(changed & (DATA_KEYS | MODEL_KEYS))
        if rebuilt:
            data = None if changed & DATA_KEYS else self.session.data
            self._install(sessions.Session(config, self.own, data=data))
        elif changed & TRAIN_KEYS:
            self.session.set_training(config)  # a diverged run may go on from here
            self.state["diverged"] = None
            self.show.notice(None)
        self.config = config
        self._set_controls(config)
        self._after_config_change(changed, paint=rebuilt)

    def _after_config_change(self, changed=None, *, paint=True):
        """Controls, preset text and (paint=True) the views after a new config;
        changed: the fields that changed (None: any of them)."""
        if changed is None or "discretize" in changed:
            self.show.boundary.set_discretize(self.config.discretize)
        if changed is None or changed & {"hidden", "hide"}:
            pc.set_visibility(
                self.controls, self.config, self._figure_widgets, self._titles
            )
        with self._quiet():
            self.controls["preset"].value = self.config.to_preset()
        if paint:
            self.show.paint(self.session, full=True, later=("network", "space"))
            self.later.request()
        self._report()

    def _settle(self):
        """The views left for later: the network diagram and the space view."""
        self.show.settle()
        with self._quiet():
            self.controls["space"].max = self.show.n_stages
            self.controls["space"].value = self.show.position

    def _install(self, session):
        self.later.cancel()  # what was left for later belonged to the old session
        self.session, self.frames = session, 0
        self.live.restart(lambda: _session_steps(session))  # the old run is dropped
        self.state["diverged"] = None
        self.show.install(session)
        self._refresh_selectors()

    def reset(self):
        """Back to the starting weights of this config (same seed), epoch 0."""
        self.play.playing = False
        self._install(sessions.Session(self.config, self.own, data=self.session.data))
        self.show.paint(self.session, full=True, later=("network", "space"))
        self.later.request()
        self._report()

    def frame(self, n_steps=STEPS_PER_FRAME):
        """Train n_steps optimizer steps, then repaint (lighter while playing)."""
        self.live.advance(n_steps)

    def _show_frame(self, records):
        """Repaint after a frame's steps (records: LiveTraining's, unused).

        Losses of the whole sets that are not finite stop the run as diverged,
        with the last finite weights put back (Session.check_finite).
        """
        self.frames += 1
        self.later.flush()  # a frame shows every view: nothing is left waiting
        train, test = self.session.losses()
        message = self.session.check_finite(train, test)
        if message:
            self._diverged(message)
            return
        self.show.loss.append(self.session.epoch, train, test)
        playing = self.play.playing
        if playing:  # the space view only every few frames
            self.show.paint(self.session, full=False,
                            space=self.frames % self.show.SPACE_EVERY == 0)
        else:  # one step: the boundary and the loss now, the rest a moment later
            self.show.paint(self.session, full=True, later=("network", "space"))
            self.later.request()
        self._sync_weight()
        self._report(train, test)

    def _on_play(self, change):
        if not change["new"]:  # paused: full resolution, space view included
            self.show.paint(self.session, full=True, later=("space",))
            self.later.request()

    def _diverged(self, message):
        """Stop, show the kept (finite) weights, and say why in the panel."""
        self.play.playing = False
        self.state["diverged"] = message
        self.later.cancel()
        self.show.paint(self.session, full=True)  # the weights kept, not the blow-up
        self._sync_weight()
        self.show.notice(
            "Training diverged: the loss is no longer finite.\nLower the learning "
            "rate and press Play, or press reset."
        )
        self.status.value = (
            f"<span style='color:#D55E00'><b>⚠ Training stopped.</b> "
            f"{html.escape(message)} Lower the learning rate and press Play to go "
            "on from there, or press <i>reset</i> to start again.</span>"
        )

    def _report(self, train=None, test=None):
        if self.state["diverged"]:
            return
        if train is None:
            train, test = self.session.losses()
        self.state.update(epoch=self.session.epoch, train_loss=train, test_loss=test)
        test_text = "–" if test is None else f"{test:.3f}"
        self.status.value = (
            f"epoch <b>{self.session.epoch:.1f}</b> · train loss "
            f"<b>{train:.3f}</b> · test loss <b>{test_text}</b>"
        )

    # ---- presets and export -------------------------------------------------

    def to_preset(self) -> str:
        """The current configuration as a short `key=value;...` string."""
        return self.config.to_preset()

    def load_preset(self, text: str):
        """Switch to a preset. A malformed one raises ValueError and changes nothing."""
        config = PlaygroundConfig.from_preset(text)
        data = (
            None
            if any(getattr(config, k) != getattr(self.config, k) for k in DATA_KEYS)
            else self.session.data
        )
        session = sessions.Session(
            config, self.own, data=data
        )  # may raise: nothing changed
        self.play.playing = False
        self.config = config
        self._set_controls(config)
        self._install(session)
        self._after_config_change()

    def export(self, path, n_frames=40, figure="boundary"):
        """Train n_frames frames from here, saving `figure` as .gif or .html.

        `.export_progress` (in the export row) moves frame by frame and ends
        with "done: exporting name.gif, 40 frames in 3.2 s".
        """
        from nnviz.plots.export import export_animation

        self.play.playing = False
        self.later.flush()
        fig = self.show.figure(figure)
        export_animation(fig, lambda i: self.frame(), n_frames, path,
                         progress=self.export_progress)
        self.status.value += f" · saved <code>{path}</code>"
        return path


def _session_steps(session):
    """The session's optimizer steps, one an item, for LiveTraining to pull.

    A divergence is kept in session.diverged and raised again (Session.advance).
    """
    while True:
        session.advance(1)
        yield session.steps
