// In-page half of the browser checker (see checker.py). Evaluated once per page;
// defines window.nnvizCheck. Reads JupyterLab through window.jupyterapp
// (exposed by --LabApp.expose_app_in_browser=True) and the widget manager of
// the notebook through its widget-view renderer factory.
(() => {
  const MIME = "application/vnd.jupyter.widget-view+json";
  const SLIDERS = new Set(["IntSliderModel", "FloatSliderModel", "FloatLogSliderModel",
                           "SelectionSliderModel"]);
  const NOT_DOM = /^(LayoutModel|.*StyleModel|LinkModel|DirectionalLinkModel)$/;
  // Controls that pick one of several options, and push buttons: used once each.
  const CHOICES = new Set(["DropdownModel", "ToggleButtonsModel", "RadioButtonsModel"]);
  const NUMPY_REPR = /\bnp\.(?:float|int|uint|complex|bool|str)\w*\(|\bnp\.(?:True|False)_/;
  const ERROR_TEXT = /Traceback \(most recent call last\)|⚠\s*\w*(Error|Exception)\b/;
  const state = { panel: null, manager: null, iopub: [], nextId: 0 };

  function panel() { return state.panel; }

  async function manager() {
    if (state.manager) return state.manager;
    const rm = panel().content.rendermime;
    const factory = rm.getFactory(MIME);
    if (!factory) throw new Error("no widget renderer: is the ipywidgets lab extension installed?");
    const renderer = factory.createRenderer({ mimeType: MIME, sanitizer: rm.sanitizer });
    let m = renderer._manager;
    if (m && m.promise) m = await m.promise;
    state.manager = m;
    return m;
  }

  async function models() {
    const m = await manager();
    const out = [];
    for (const id of Object.keys(m._models)) {
      try { out.push(await m._models[id]); } catch (e) { /* failed model: seen as missing */ }
    }
    return out;
  }

  async function views(model) {
    const out = [];
    for (const p of Object.values(model.views || {})) {
      try { out.push(await p); } catch (e) { /* view failed to render */ }
    }
    return out.filter(v => v && v.el && v.el.isConnected);
  }

  function cellIndexOf(el) {
    const cells = panel().content.widgets;
    for (let i = 0; i < cells.length; i++) if (cells[i].node.contains(el)) return i;
    return -1;
  }

  function visible(el) {
    if (!el.isConnected) return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden") return false;
    }
    return true;
  }

  function label(model) {
    const d = model.get("description") || model.get("tooltip") || "";
    return `${model.get("_model_name").replace(/Model$/, "")} '${d}'`;
  }

  function tag(el, kind) {
    if (!el.dataset.nnvizId) el.dataset.nnvizId = `${kind}-${state.nextId++}`;
    return el.dataset.nnvizId;
  }

  function figureCanvas(view) {
    // ipympl draws the figure on the lower canvas (z-index 0); the top one is the rubber band.
    return view.el.querySelector(".jupyter-matplotlib-canvas-div canvas");
  }

  function hashCanvas(canvas) {
    if (!canvas || !canvas.width || !canvas.height) return { hash: "empty", blank: true };
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    const words = new Uint32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
    let h1 = 0x811c9dc5, h2 = 0x12345678, blank = true;
    const first = words[0];
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (w !== first) blank = false;
      h1 = Math.imul(h1 ^ w, 16777619);
      h2 = Math.imul(h2 ^ (w >>> 3), 2246822519) ^ (h2 >>> 13);
    }
    return { hash: (h1 >>> 0).toString(16) + (h2 >>> 0).toString(16), blank };
  }

  // --- Latency of one slider move: key press -> first change of the page --------
  // arm(ids, cell) remembers the pixels of the watched canvases (or the text of
  // cell `cell`); the next keydown anywhere on the page starts the clock. ipympl
  // paints a figure with drawImage on its canvas: both drawImage and putImageData
  // are wrapped, so a watched canvas is hashed the moment it is painted and the
  // first paint that changes its pixels is timed exactly. latency(true) also hashes
  // every watched canvas (a coarse fallback, in case a paint took another path).
  const lat = { armed: false, t0: null, base: {}, changed: {}, how: {}, cell: -1,
                text: null, textAt: null, observer: null, lastPaint: 0 };

  function canvasById(id) {
    return document.querySelector(`canvas[data-nnviz-id="${id}"]`);
  }

  function noteCanvas(canvas, how) {
    const id = canvas && canvas.dataset ? canvas.dataset.nnvizId : undefined;
    if (!id) return;
    const now = performance.now();
    lat.lastPaint = now;
    if (!lat.armed || !(id in lat.base) || id in lat.changed) return;
    const hash = hashCanvas(canvas).hash;
    if (lat.t0 === null) lat.base[id] = hash;  // painted before the key press: new baseline
    else if (hash !== lat.base[id]) { lat.changed[id] = now - lat.t0; lat.how[id] = how; }
  }

  function noteText() {
    const now = performance.now();
    if (!lat.armed || lat.cell < 0 || lat.textAt !== null) return;
    const text = window.nnvizCheck.cellText(lat.cell);
    if (lat.t0 === null) lat.text = text;
    else if (text !== lat.text) lat.textAt = now - lat.t0;
  }

  const proto = CanvasRenderingContext2D.prototype;
  for (const name of ["drawImage", "putImageData"]) {
    const original = proto[name];
    if (original.nnvizWrapped) continue;  // the script was evaluated before on this page
    const wrapped = function (...args) {
      const out = original.apply(this, args);
      try { noteCanvas(this.canvas, "paint"); } catch (e) { /* never break a paint */ }
      return out;
    };
    wrapped.nnvizWrapped = true;
    proto[name] = wrapped;
  }
  if (!window.nnvizKeyTimer) {
    window.nnvizKeyTimer = true;
    // Capture phase: runs before the slider's own handler. timeStamp is the time
    // the key event was created, on the performance.now() clock.
    window.addEventListener("keydown", (e) => {
      if (lat.armed && lat.t0 === null) lat.t0 = e.timeStamp || performance.now();
    }, true);
  }

  window.nnvizCheck = {
    async open() {
      const app = window.jupyterapp;
      const w = app.shell.currentWidget;
      await w.context.ready;
      await w.sessionContext.ready;
      state.panel = w;
      app.shell.collapseLeft();  // the file browser: more room for the lesson
      const kernel = w.sessionContext.session.kernel;
      kernel.iopubMessage.connect((_, msg) => {
        const type = msg.header.msg_type;
        const parent = (msg.parent_header || {}).msg_type || "";
        const c = msg.content || {};
        if (type === "error") {
          // The innermost frames of the traceback, without colour codes: where it broke.
          const frames = (c.traceback || []).slice(-4, -1)
            .map(f => f.replace(/\u001b\[[0-9;]*m/g, "").trim().split("\n").slice(0, 4).join(" | "));
          state.iopub.push(`${c.ename}: ${c.evalue} (in ${parent || "kernel"})` +
                           (frames.length ? `\n      at: ${frames.join("\n      at: ")}` : ""));
        } else if (type === "stream" && c.name === "stderr" && parent === "comm_msg"
                   && /Error|Exception|Traceback/.test(c.text || "")) {
          state.iopub.push(`stderr during a widget message: ${(c.text || "").trim().slice(-400)}`);
        }
      });
      return { cells: w.content.widgets.length, kernel: kernel.name };
    },

    async runAll(timeoutMs) {
      const t0 = performance.now();
      let timer;
      const late = new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error(
          `'run all' did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
      });
      try {
        await Promise.race([window.jupyterapp.commands.execute("notebook:run-all-cells"), late]);
      } finally { clearTimeout(timer); }
      return (performance.now() - t0) / 1000;
    },

    busy() {
      const p = panel();
      const status = p.sessionContext.session && p.sessionContext.session.kernel
        ? p.sessionContext.session.kernel.status : "dead";
      const running = [...p.content.node.querySelectorAll(".jp-InputPrompt")]
        .some(e => e.textContent.includes("*"));
      return running || status !== "idle";
    },

    iopubErrors() { return state.iopub.slice(); },

    // Errors visible on the page: error outputs, stderr tracebacks, widgets that
    // failed to display, error text in Output widgets.
    async pageErrors() {
      const errors = [];
      const cells = panel().content.widgets;
      cells.forEach((cell, i) => {
        const outputs = cell.model.type === "code" ? cell.model.sharedModel.outputs || [] : [];
        for (const o of outputs) {
          if (o.output_type === "error") {
            errors.push(`cell ${i + 1}: ${o.ename}: ${o.evalue}`);
          } else if (o.output_type === "stream" && o.name === "stderr") {
            const text = Array.isArray(o.text) ? o.text.join("") : (o.text || "");
            if (/Traceback/.test(text)) errors.push(`cell ${i + 1}: traceback on stderr: ${text.trim().slice(-300)}`);
          }
          // A learner should read 0.69, not np.float64(0.69): numpy 2's repr of
          // a scalar in a printed list or dict is a formatting slip.
          const shown = o.output_type === "stream" && o.name === "stdout"
            ? [].concat(o.text || "").join("")
            : (o.data && o.data["text/plain"] ? [].concat(o.data["text/plain"]).join("") : "");
          const repr = shown.match(NUMPY_REPR);
          if (repr) errors.push(`cell ${i + 1}: prints numpy's repr ${repr[0]}...): format the number`);
        }
        const text = cell.node.innerText || "";
        for (const bad of ["Error displaying widget", "Model not found"]) {
          if (text.includes(bad)) {
            const line = text.split("\n").find(l => l.includes(bad)) || bad;
            errors.push(`cell ${i + 1}: ${line.trim().slice(0, 200)}`);
          }
        }
      });
      for (const model of await models()) {
        if (model.get("_model_name") !== "OutputModel") continue;
        for (const o of model.get("outputs") || []) {
          let text = "";
          if (o.output_type === "error") text = `${o.ename}: ${o.evalue}`;
          else if (o.output_type === "stream") text = Array.isArray(o.text) ? o.text.join("") : (o.text || "");
          else if (o.data && o.data["text/plain"]) text = [].concat(o.data["text/plain"]).join("");
          if (o.output_type === "error" || ERROR_TEXT.test(text)) {
            const vs = await views(model);
            const where = vs.length ? `cell ${cellIndexOf(vs[0].el) + 1}` : "an undisplayed Output";
            errors.push(`${where}: Output widget shows: ${text.trim().slice(-300)}`);
          }
        }
      }
      return errors;
    },

    // What the kernel created against what the page shows.
    async inventory() {
      const m = await manager();
      const p = panel();
      // Widgets reachable from displayed outputs (children of boxes, contents of Outputs).
      const roots = [];
      p.content.widgets.forEach(cell => {
        const outputs = cell.model.type === "code" ? cell.model.sharedModel.outputs || [] : [];
        for (const o of outputs) if (o.data && o.data[MIME]) roots.push(o.data[MIME].model_id);
      });
      const seen = new Set(), expected = [], missing = [];
      const walk = async (id) => {
        if (!id || seen.has(id)) return;
        seen.add(id);
        let model;
        try { model = await m.get_model(id); } catch (e) { missing.push(`model ${id} (not found)`); return; }
        const name = model.get("_model_name");
        if (!model.get("_view_name") || NOT_DOM.test(name)) return;
        expected.push(model);
        for (const child of model.get("children") || []) await walk(child && child.model_id);
        if (name === "OutputModel") {
          for (const o of model.get("outputs") || []) if (o.data && o.data[MIME]) await walk(o.data[MIME].model_id);
        }
      };
      for (const id of roots) await walk(id);
      let found = 0;
      for (const model of expected) {
        if ((await views(model)).length) found += 1;
        else missing.push(`${label(model)} (created and displayed, but not on the page)`);
      }
      // Every ipympl figure alive in the kernel, and every control the page shows.
      const canvases = [], sliders = [], plays = [], choices = [], buttons = [];
      for (const model of await models()) {
        const name = model.get("_model_name");
        if (name === "MPLCanvasModel") {
          const vs = await views(model);
          const entry = { model: model.model_id, label: `figure '${model.get("_figure_label") || ""}'`,
                          shown: vs.length > 0, ids: [], cells: [] };
          for (const v of vs) {
            const c = figureCanvas(v);
            if (!c) continue;
            entry.ids.push(tag(c, "canvas"));
            entry.cells.push(cellIndexOf(c));
          }
          canvases.push(entry);
        } else if (CHOICES.has(name) || name === "ButtonModel") {
          const options = (model.get("_options_labels") || []).length;
          for (const v of await views(model)) {
            const skip = v.el.closest(".nnviz-writes-files") ? "marked nnviz-writes-files"
              : model.get("disabled") ? "disabled" : !visible(v.el) ? "hidden"
              : name !== "ButtonModel" && options < 2 ? "one option only" : "";
            const entry = { model: model.model_id, label: label(model), id: tag(v.el, "control"),
                            cell: cellIndexOf(v.el), skip, kind: name.replace(/Model$/, ""), options };
            (name === "ButtonModel" ? buttons : choices).push(entry);
          }
        } else if (SLIDERS.has(name) || name === "PlayModel") {
          for (const v of await views(model)) {
            const skip = v.el.closest(".nnviz-no-redraw") ? "marked nnviz-no-redraw"
              : model.get("disabled") ? "disabled" : !visible(v.el) ? "hidden" : "";
            const entry = { model: model.model_id, label: label(model), id: tag(v.el, "control"),
                            cell: cellIndexOf(v.el), skip };
            (name === "PlayModel" ? plays : sliders).push(entry);
          }
        }
      }
      for (const c of canvases) if (!c.shown) missing.push(`${c.label} (created by the kernel, never displayed)`);
      const order = (a, b) => a.cell - b.cell || a.id.localeCompare(b.id, undefined, { numeric: true });
      sliders.sort(order); plays.sort(order); choices.sort(order); buttons.sort(order);
      return { widgetsExpected: expected.length, widgetsFound: found, missing, canvases, sliders,
               plays, choices, buttons };
    },

    // Why a figure is blank: ipympl's image (src, loaded or broken), its size, the canvas size.
    async figureState(modelId) {
      const model = await (await manager()).get_model(modelId);
      const img = model.image || {};
      const src = String(img.src || "");
      const canvases = (await views(model)).map(v => figureCanvas(v)).filter(c => c)
        .map(c => `${c.width}x${c.height}`);
      return `image src '${src.slice(0, 30)}', complete ${img.complete}, ` +
        `natural ${img.naturalWidth}x${img.naturalHeight}; _size ${model.get("_size")}; ` +
        `view canvas ${canvases.join(", ") || "none"}`;
    },

    // Start timing the next key press: watch the canvases `ids`, or the text of
    // cell `cell` (-1: no text). Replaces any earlier arming.
    arm(ids, cell) {
      this.disarm();
      lat.base = {};
      for (const id of ids) {
        const c = canvasById(id);
        if (c) lat.base[id] = hashCanvas(c).hash;
      }
      lat.changed = {}; lat.how = {}; lat.t0 = null; lat.textAt = null; lat.cell = cell;
      if (cell >= 0) {
        lat.text = this.cellText(cell);
        const node = panel().content.widgets[cell].node;
        lat.observer = new MutationObserver(noteText);
        lat.observer.observe(node, { subtree: true, childList: true, characterData: true });
      }
      lat.armed = true;
      return Object.keys(lat.base).length;
    },

    disarm() {
      lat.armed = false;
      if (lat.observer) lat.observer.disconnect();
      lat.observer = null;
    },

    // Milliseconds from the key press to the first change of each watched canvas
    // ({id: ms}) and of the watched text (null until it changes); `look` also
    // hashes the canvases not yet seen changing (slower: call it seldom).
    latency(look) {
      if (lat.armed && lat.t0 !== null) {
        if (look) {
          for (const id of Object.keys(lat.base)) {
            if (id in lat.changed) continue;
            const c = canvasById(id);
            if (c && hashCanvas(c).hash !== lat.base[id]) {
              lat.changed[id] = performance.now() - lat.t0; lat.how[id] = "look";
            }
          }
        }
        if (lat.cell >= 0) noteText();
      }
      return { pressed: lat.t0 !== null, canvases: { ...lat.changed }, how: { ...lat.how },
               text: lat.textAt };
    },

    // Milliseconds since a tagged canvas was last painted.
    sinceLastPaint() { return performance.now() - lat.lastPaint; },

    hashes() {
      const out = {};
      for (const c of document.querySelectorAll("canvas[data-nnviz-id]")) out[c.dataset.nnvizId] = hashCanvas(c);
      return out;
    },

    // The text widgets show in one cell's outputs (HTML, Label, Output; not slider readouts).
    cellText(index) {
      const cell = panel().content.widgets[index];
      if (!cell) return "";
      const parts = cell.node.querySelectorAll(
        ".jp-Cell-outputWrapper .widget-html-content, .jp-Cell-outputWrapper .widget-label," +
        " .jp-Cell-outputWrapper .jupyter-widgets-output-area");
      return [...parts].map(e => e.innerText).join("\n");
    },

    // The exercise boxes (nv.exercises.ask) on the page, in cell order: the class
    // that names each one's id, its cell, and a tag to find it by.
    exercises() {
      const out = [];
      for (const el of document.querySelectorAll(".nnviz-exercise")) {
        const cls = [...el.classList].find(c => c.startsWith("nnviz-exercise-"));
        if (cls && visible(el)) out.push({ cls, cell: cellIndexOf(el), id: tag(el, "exercise") });
      }
      return out.sort((a, b) => a.cell - b.cell);
    },

    // The tag of a widget's view on the page now. A panel may render a widget
    // again (a new view, untagged) after the inventory tagged the old one.
    async retag(modelId) {
      const model = await (await manager()).get_model(modelId);
      const shown = (await views(model)).filter(v => visible(v.el));
      return shown.length ? tag(shown[0].el, "control") : null;
    },

    async value(modelId) {
      const model = await (await manager()).get_model(modelId);
      const v = model.get("index") !== undefined ? model.get("index") : model.get("value");
      const max = model.get("_options_labels") ? model.get("_options_labels").length - 1 : model.get("max");
      return { value: v, min: model.get("min") === undefined ? 0 : model.get("min"), max, playing: !!model.get("playing") };
    },

    notebookHeight() {
      // The notebook scrolls inside its own panel: page height = panel top + content + status bar.
      const content = panel().content;
      const cells = content.widgets;
      // Moving controls scrolled the notebook: back to its top for the screenshot.
      for (let e = cells[0].node; e && e !== panel().node.parentElement; e = e.parentElement) {
        e.scrollTop = 0;
      }
      const last = cells[cells.length - 1].node.getBoundingClientRect().bottom;
      const first = cells[0].node.getBoundingClientRect().top;
      return content.node.getBoundingClientRect().top + (last - first) + 120;
    },
  };
})();
