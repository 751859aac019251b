// In-page half of the app checker (see app.py): added to every page before it loads,
// defines window.nnvizApp. Reads only the DOM of a Voila lesson page: cells are the
// `[cell-index]` elements, a code cell still running shows a
// `.voila-skeleton-container`, an ipympl figure draws on the first canvas of its
// `.jupyter-matplotlib-canvas-div`.
(() => {
  const ERROR_TEXT = new RegExp([
    "Traceback \\(most recent call last\\)",
    "⚠\\s*\\w*(Error|Exception)\\b",           // nnviz.widgets.controls.reports_errors
    "There was an error when executing cell",    // Voila, tracebacks hidden
    "An exception occurred at the server",
    "Error displaying widget",
    "Model not found",
  ].join("|"));
  const painted = new Set();  // canvases seen with pixels: not hashed again while loading
  let nextId = 0;

  function tag(el, kind) {
    if (!el.dataset.nnvizApp) el.dataset.nnvizApp = `${kind}-${nextId++}`;
    return el.dataset.nnvizApp;
  }

  function cellOf(el) {
    const cell = el.closest("[cell-index]");
    return cell ? Number(cell.getAttribute("cell-index")) : -1;
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

  function canvases() {
    return [...document.querySelectorAll(".jupyter-matplotlib-canvas-div")]
      .map(div => div.querySelector("canvas"))
      .filter(c => c);
  }

  function hashCanvas(canvas) {
    if (!canvas.width || !canvas.height) return { hash: "empty", blank: true };
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

  function sliderValue(el) {
    const readout = el.querySelector(".widget-readout");
    const handle = el.querySelector(".noUi-handle");
    return (readout ? readout.innerText : "") + "|" +
      (handle ? handle.getAttribute("aria-valuenow") : "");
  }

  window.nnvizApp = {
    // How far the page has come: cells, cells still running, figures, figures painted.
    status() {
      const root = document.getElementById("rendered_cells");
      const shown = !!root && root.style.display !== "none" && root.innerText.trim().length > 0;
      const all = canvases();
      for (const c of all) {
        const id = tag(c, "canvas");
        if (!painted.has(id) && !hashCanvas(c).blank) painted.add(id);
      }
      return {
        shown,
        cells: document.querySelectorAll("[cell-index]").length,
        running: document.querySelectorAll(".voila-skeleton-container").length,
        figures: all.length,
        painted: all.filter(c => painted.has(c.dataset.nnvizApp)).length,
      };
    },

    // Every figure now (or those of one cell): id -> {hash, blank, cell}.
    hashes(cell) {
      const out = {};
      for (const c of canvases()) {
        if (cell === undefined || cellOf(c) === cell) {
          out[tag(c, "canvas")] = { ...hashCanvas(c), cell: cellOf(c) };
        }
      }
      return out;
    },

    // Error text any output shows (cell outputs, Output widgets, failed widgets).
    errors() {
      const out = [];
      for (const el of document.querySelectorAll(".jp-OutputArea-output, .widget-output")) {
        const text = el.innerText || "";
        const match = text.match(ERROR_TEXT);
        if (match) {
          const line = text.split("\n").find(l => ERROR_TEXT.test(l)) || match[0];
          out.push(`cell ${cellOf(el)}: ${line.trim().slice(0, 300)}` +
                   (/Traceback/.test(text) ? `\n      ${text.trim().split("\n").slice(-3).join(" | ").slice(0, 400)}` : ""));
        }
      }
      return [...new Set(out)];
    },

    // The first slider a learner can move that should redraw a figure: visible,
    // enabled, not marked nnviz-no-redraw; one in a cell with a figure if any.
    pickSlider() {
      const withFigure = new Set(canvases().map(cellOf));
      const sliders = [...document.querySelectorAll(".widget-slider")].filter(el =>
        el.querySelector(".noUi-handle") && visible(el) && !el.closest(".nnviz-no-redraw")
        && !el.querySelector(".noUi-target[disabled]") && !el.classList.contains("mod-disabled"));
      const pick = sliders.find(el => withFigure.has(cellOf(el))) || sliders[0];
      if (!pick) return null;
      const label = pick.querySelector(".widget-label");
      return { id: tag(pick, "slider"), cell: cellOf(pick), value: sliderValue(pick),
               label: label ? label.innerText.trim() : "", count: sliders.length,
               withFigure: withFigure.has(cellOf(pick)) };
    },

    sliderValue(id) {
      const el = document.querySelector(`[data-nnviz-app="${id}"]`);
      return el ? sliderValue(el) : null;
    },

    // Ask Voila to stop this page's kernel (a closed page's kernel would idle on).
    async shutdownKernel(kernelId) {
      const xsrf = (document.cookie.match(/(?:^|;\s*)_xsrf=([^;]*)/) || [])[1] || "";
      const base = document.body ? (document.body.dataset.baseUrl || "/voila/") : "/voila/";
      const response = await fetch(`${base}api/shutdown/${kernelId}`, {
        method: "POST", credentials: "same-origin",
        headers: { "X-XSRFToken": decodeURIComponent(xsrf) },
      });
      return response.status;
    },

    // The page scrolls inside an element: the height a full screenshot needs.
    pageHeight() {
      const elements = [document.scrollingElement, document.body,
                        document.getElementById("rendered_cells")].filter(e => e);
      for (const e of elements) e.scrollTop = 0;
      return Math.max(...elements.map(e => e.scrollHeight));
    },
  };
})();
