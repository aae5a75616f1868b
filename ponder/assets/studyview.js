// ponder's study explorer front end (package data of `ponder.studyview`, notebook nbs/06a_study_explorer.ipynb).
// Follows treeview.js in one module (it draws a cell's trees with ponderTreeView). No imports, no network.
//
// ponderStudyView(el, api) renders a study: pick a strategy, a budget and a difficulty bin; the accuracy-vs-compute
// curves (95% CIs) of the bin; click a point (or pick spec and budget) to see that cell's problems, answers, votes,
// verifier scores, solutions and trees.
// Keys: data (ponder.studyview.study_state), spec ('' = all), budget (0 = all), bin ('all' or '1'..), x, palette.

function ponderStudyView(el, api) {
  const h = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
  const NS = "http://www.w3.org/2000/svg";
  const s = (tag, attrs) => { const e = document.createElementNS(NS, tag); for (const k in attrs) e.setAttribute(k, attrs[k]); return e; };
  const f2 = (x) => (x == null || Number.isNaN(x) ? "\u2013" : x.toFixed(2));
  const big = (x) => (x >= 1e5 ? x.toExponential(2) : x.toFixed(x >= 100 ? 0 : 1));
  const SHAPES = ["circle", "square", "triangle", "diamond", "down", "cross", "star", "hex"];
  const XLABEL = {completion_tokens: "generated tokens per problem", flops: "generation FLOPs per problem"};

  function d() { return api.get("data") || {specs: [], budgets: [], bins: [], curves: [], cells: {}, problems: {}}; }
  function pal() { return api.get("palette"); }
  function colourOf(spec) { const p = pal(), i = d().specs.indexOf(spec); return p.categorical[p.order[i % p.order.length]]; }
  function shapeOf(spec) { return SHAPES[d().specs.indexOf(spec) % SHAPES.length]; }
  function bin() { return String(api.get("bin") || "all"); }

  el.innerHTML = "";
  const root = h("div", "sv-root");
  const bar = h("div", "sv-bar");
  const sel = (cls, label) => { const l = h("label", null, label + " "); const e = h("select", cls); l.appendChild(e); bar.appendChild(l); return e; };
  const sSpec = sel("sv-spec", "strategy"), sBudget = sel("sv-budget", "budget N"), sBin = sel("sv-bin", "difficulty bin"), sX = sel("sv-x", "x");
  const head = h("div", "sv-head"), plotBox = h("div", "sv-plot"), legend = h("div", "sv-legend"), cell = h("div", "sv-cell");
  root.append(head, bar, plotBox, legend, cell);
  el.appendChild(root);
  sSpec.addEventListener("change", () => api.set("spec", sSpec.value));
  sBudget.addEventListener("change", () => api.set("budget", parseInt(sBudget.value, 10)));
  sBin.addEventListener("change", () => api.set("bin", sBin.value));
  sX.addEventListener("change", () => api.set("x", sX.value));

  function fill(e, items, value) {
    e.innerHTML = "";
    for (const [v, t] of items) { const o = h("option", null, t); o.value = String(v); e.appendChild(o); }
    e.value = String(value);
  }

  function renderBar() {
    const D = d();
    head.textContent = "Study " + (D.name || "") + " \u00b7 model " + (D.model || "?") + " \u00b7 " + Object.keys(D.problems).length +
      " problems \u00b7 strategies " + D.specs.length + " \u00b7 budgets " + D.budgets.join(", ");
    fill(sSpec, [["", "all"]].concat(D.specs.map((x) => [x, x])), api.get("spec") || "");
    fill(sBudget, [[0, "all"]].concat(D.budgets.map((n) => [n, "N=" + n])), api.get("budget") || 0);
    fill(sBin, [["all", "all problems"]].concat(D.bins.map((b) => [b, "bin " + b + (b === "1" ? " (easiest)" : b === D.bins[D.bins.length - 1] ? " (hardest)" : "")])), bin());
    fill(sX, Object.entries(XLABEL), api.get("x") || "completion_tokens");
  }

  function rows() {
    const spec = api.get("spec") || "";
    return d().curves.filter((r) => String(r.bin) === bin() && (!spec || r.spec === spec));
  }

  function marker(g, shape, x, y, r, colour) {
    const pts = (a) => a.map((p) => (x + p[0] * r).toFixed(1) + "," + (y + p[1] * r).toFixed(1)).join(" ");
    const m = shape === "circle" ? s("circle", {cx: x, cy: y, r: r}) : shape === "square" ? s("rect", {x: x - r, y: y - r, width: 2 * r, height: 2 * r})
      : s("polygon", {points: pts(shape === "triangle" ? [[0, -1.2], [1.1, 0.9], [-1.1, 0.9]] : shape === "down" ? [[0, 1.2], [1.1, -0.9], [-1.1, -0.9]]
          : shape === "diamond" ? [[0, -1.3], [1.3, 0], [0, 1.3], [-1.3, 0]] : shape === "cross" ? [[-1, -0.4], [-0.4, -0.4], [-0.4, -1], [0.4, -1], [0.4, -0.4], [1, -0.4], [1, 0.4], [0.4, 0.4], [0.4, 1], [-0.4, 1], [-0.4, 0.4], [-1, 0.4]]
          : [[1, 0], [0.5, 0.87], [-0.5, 0.87], [-1, 0], [-0.5, -0.87], [0.5, -0.87]])});
    m.setAttribute("fill", colour); m.setAttribute("stroke", "#333333"); m.setAttribute("stroke-width", "0.8");
    g.appendChild(m); return m;
  }

  function renderPlot() {
    plotBox.innerHTML = ""; legend.innerHTML = "";
    const R = rows(), xk = api.get("x") || "completion_tokens", W = 640, H = 300, L = 52, B = 40, T = 12, Rm = 16;
    if (!R.length) { plotBox.appendChild(h("div", "sv-muted", "no results in this bin")); return; }
    const xs = R.map((r) => Math.max(r[xk], 1e-9)), lx = xs.map(Math.log10);
    let x0 = Math.min(...lx), x1 = Math.max(...lx); if (x1 - x0 < 0.2) { x0 -= 0.1; x1 += 0.1; }
    const X = (v) => L + (Math.log10(Math.max(v, 1e-9)) - x0) / (x1 - x0) * (W - L - Rm), Y = (a) => T + (1 - a) * (H - T - B);
    const svg = s("svg", {width: W, height: H, viewBox: "0 0 " + W + " " + H, class: "sv-svg"});
    for (const a of [0, 0.25, 0.5, 0.75, 1]) {
      svg.appendChild(s("line", {x1: L, x2: W - Rm, y1: Y(a), y2: Y(a), stroke: "#EEEEEE"}));
      const t = s("text", {x: L - 6, y: Y(a) + 4, "text-anchor": "end", class: "sv-tick"}); t.textContent = a.toFixed(2); svg.appendChild(t);
    }
    for (let e = Math.ceil(x0); e <= Math.floor(x1); e++) {
      const t = s("text", {x: X(Math.pow(10, e)), y: H - B + 16, "text-anchor": "middle", class: "sv-tick"}); t.textContent = "1e" + e; svg.appendChild(t);
      svg.appendChild(s("line", {x1: X(Math.pow(10, e)), x2: X(Math.pow(10, e)), y1: T, y2: H - B, stroke: "#EEEEEE"}));
    }
    svg.appendChild(s("line", {x1: L, x2: W - Rm, y1: H - B, y2: H - B, stroke: "#555555"}));
    svg.appendChild(s("line", {x1: L, x2: L, y1: T, y2: H - B, stroke: "#555555"}));
    const xl = s("text", {x: (L + W - Rm) / 2, y: H - 6, "text-anchor": "middle", class: "sv-axis"}); xl.textContent = XLABEL[xk] + " (log)"; svg.appendChild(xl);
    const yl = s("text", {x: 12, y: (T + H - B) / 2, transform: "rotate(-90 12 " + (T + H - B) / 2 + ")", "text-anchor": "middle", class: "sv-axis"});
    yl.textContent = "accuracy (95% CI)"; svg.appendChild(yl);
    const specs = [...new Set(R.map((r) => r.spec))], budget = api.get("budget") || 0, spec = api.get("spec") || "";
    // strategies often tie (one pool): each is dodged sideways a little, so every point stays visible and clickable
    const dodge = (sp) => 7 * (specs.indexOf(sp) - (specs.length - 1) / 2), PX = (r) => X(r[xk]) + dodge(r.spec);
    const lines = s("g", {class: "sv-lines", "pointer-events": "none"}); svg.appendChild(lines);
    for (const sp of specs) {
      const pts = R.filter((r) => r.spec === sp).sort((a, b) => a.budget - b.budget), c = colourOf(sp);
      lines.appendChild(s("polyline", {points: pts.map((r) => PX(r) + "," + Y(r.acc)).join(" "), fill: "none", stroke: c, "stroke-width": 2}));
    }
    for (const sp of specs) {
      const pts = R.filter((r) => r.spec === sp).sort((a, b) => a.budget - b.budget), c = colourOf(sp);
      for (const r of pts) {
        const g = s("g", {class: "sv-pt", "data-spec": sp, "data-budget": r.budget});
        g.appendChild(s("line", {x1: PX(r), x2: PX(r), y1: Y(r.lo), y2: Y(r.hi), stroke: c, "stroke-width": 1.2}));
        const on = sp === spec && r.budget === budget;
        const m = marker(g, shapeOf(sp), PX(r), Y(r.acc), on ? 7 : 5, c);
        if (on) { m.setAttribute("stroke", "#000000"); m.setAttribute("stroke-width", "2"); g.classList.add("sv-on"); }
        const tip = s("title", {}); tip.textContent = sp + " N=" + r.budget + ": accuracy " + f2(r.acc) + " [" + f2(r.lo) + ", " + f2(r.hi) + "], " + big(r[xk]) + " " + XLABEL[xk]; g.appendChild(tip);
        g.addEventListener("click", () => { api.set("spec", sp); api.set("budget", r.budget); });
        svg.appendChild(g);
      }
    }
    plotBox.appendChild(svg);
    for (const sp of specs) {
      const it = h("span", "sv-key"); it.dataset.spec = sp;
      const mini = s("svg", {width: 14, height: 14}); marker(mini, shapeOf(sp), 7, 7, 5, colourOf(sp));
      it.append(mini, h("span", null, sp)); legend.appendChild(it);
    }
  }

  function candList(c) {
    const box = h("div", "sv-cands");
    for (const k of c.candidates) {
      const det = h("details", "sv-cand" + (k.correct ? " sv-ok" : " sv-bad"));
      det.appendChild(h("summary", null, (k.correct ? "\u2713 " : "\u2717 ") + "answer " + (k.answer == null ? "(none)" : k.answer) +
                        " \u00b7 score " + (k.score == null ? "\u2013" : k.score.toFixed(3)) + (k.node != null ? " \u00b7 node #" + k.node : "")));
      det.appendChild(h("pre", null, k.text)); box.appendChild(det);
    }
    return box;
  }

  function votes(c, ref) {
    const t = h("table", "sv-votes"), tr0 = h("tr");
    tr0.append(h("th", null, "answer"), h("th", null, "votes"), h("th", null, "sum of scores")); t.appendChild(tr0);
    for (const v of c.votes) {
      const tr = h("tr", v.answer === c.answer ? "sv-picked" : "");
      tr.append(h("td", null, (v.answer === ref ? "\u2713 " : "") + v.answer), h("td", null, String(v.votes)), h("td", null, v.score == null ? "\u2013" : v.score.toFixed(3)));
      t.appendChild(tr);
    }
    return t;
  }

  function treeBox(c) {
    const det = h("details", "sv-tree"); det.appendChild(h("summary", null, "tree (" + c.tree.nodes.length + " nodes)"));
    const holder = h("div"); det.appendChild(holder);
    det.addEventListener("toggle", () => {
      if (det.open && !holder.firstChild) ponderTreeView(holder, ponderPlainApi({data: c.tree, step: -1, selected: 0, collapsed: [], palette: pal(), error: ""}));
    });
    return det;
  }

  function renderCell() {
    cell.innerHTML = "";
    const D = d(), spec = api.get("spec") || "", N = api.get("budget") || 0;
    if (!spec || !N) { cell.appendChild(h("div", "sv-muted", "Click a point (or pick a strategy and a budget) to see that cell's problems.")); return; }
    const cs = (D.cells[spec + "|" + N] || []).filter((c) => bin() === "all" || String(D.problems[c.problem].bin) === bin());
    const r = D.curves.find((x) => x.spec === spec && x.budget === N && String(x.bin) === bin());
    cell.appendChild(h("h4", null, spec + " \u00b7 N=" + N + " \u00b7 " + (bin() === "all" ? "all problems" : "bin " + bin()) + ": " +
      (r ? "accuracy " + f2(r.acc) + " [" + f2(r.lo) + ", " + f2(r.hi) + "] over " + r.n + " problems, " + big(r.completion_tokens) + " generated tokens per problem" : "no result")));
    if (!cs.length) { cell.appendChild(h("div", "sv-muted", "no problems of this bin in this cell")); return; }
    for (const c of cs) {
      const p = D.problems[c.problem], box = h("div", "sv-prob"); box.dataset.problem = c.problem;
      box.appendChild(h("div", "sv-q", c.problem + " (bin " + p.bin + ", pool pass rate " + f2(p.pass_rate) + "): " + p.question));
      const a = h("div", "sv-a " + (c.correct ? "sv-ok" : "sv-bad"), (c.correct ? "\u2713 right" : "\u2717 wrong") + ": answered " +
        (c.answer == null ? "(none)" : c.answer) + ", reference " + p.answer + (c.blocks > 1 ? " \u00b7 accuracy over " + c.blocks + " pool blocks " + f2(c.acc) : "") +
        " \u00b7 " + c.completion_tokens + " generated tokens" + (c.verifier ? " \u00b7 verifier " + c.verifier : ""));
      box.appendChild(a);
      if (c.votes.length) box.appendChild(votes(c, p.answer));
      box.appendChild(candList(c));
      if (c.tree) box.appendChild(treeBox(c));
      cell.appendChild(box);
    }
  }

  function renderAll() { renderBar(); renderPlot(); renderCell(); }
  for (const k of ["data", "spec", "budget", "bin", "x"]) api.on(k, renderAll);
  renderAll();
  return root;
}

function ponderStudyRender({ model, el }) {
  const handlers = [];
  ponderStudyView(el, ponderModelApi(model, handlers));
  return () => handlers.forEach(([ev, f]) => model.off(ev, f));
}
