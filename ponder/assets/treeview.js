// ponder's tree explorer front end (package data of `ponder.treeview`, notebook nbs/05a_tree_explorer.ipynb).
// Plain functions, no imports and no network. Used three ways: as the anywidget `_esm` of `TreeExplorer` (ponder.treeview
// appends `export default { render: ponderTreeRender }`), inside the study explorer's module (studyview.js follows it), and
// inlined in a static HTML page followed by `ponderTreeView(el, ponderPlainApi(state))`.
//
// ponderTreeView(el, api) renders a search tree (the JSON of ponder.search.Tree.to_dict, version 1) into `el`.
// api.get(key) / api.set(key, value) / api.on(key, callback) / api.interactive.
// Keys: data (the tree), step (nodes 0..step are shown; -1 = all), selected (node id), collapsed (node ids), palette, error.

function ponderTreeStatus(nodes) {
  // Each node's status, as ponder.treeview.node_status: root | final | inner | pruned | unfinished.
  // A leaf that did not finish is pruned when the search went deeper elsewhere (it was not kept), else unfinished.
  const deeper = new Set();
  for (const n of nodes) if ((n.children || []).length) deeper.add(n.depth);
  return nodes.map((n) => n.id === 0 ? "root" : n.terminal ? "final" : (n.children || []).length ? "inner"
                         : (n.meta && n.meta.pruned) || deeper.has(n.depth) ? "pruned" : "unfinished");
}

function ponderScoreColour(s, lo, hi, pal) {
  // The palette's sequential ramp, as ponder.search.score_colour.
  if (s == null || Number.isNaN(s)) return pal.roles.unscored;
  const ramp = pal.sequential, span = (hi - lo) || 1;
  const t = Math.min(1, Math.max(0, (s - lo) / span)) * (ramp.length - 1);
  const k = Math.min(Math.floor(t), ramp.length - 2), u = t - k;
  const rgb = (h) => [1, 3, 5].map((j) => parseInt(h.slice(j, j + 2), 16));
  const a = rgb(ramp[k]), b = rgb(ramp[k + 1]);
  return "#" + a.map((x, j) => Math.floor(x + (b[j] - x) * u + 0.5).toString(16).padStart(2, "0").toUpperCase()).join("");
}

function ponderCheckTree(d) {
  // The tree inside `d` (a Tree JSON, or a Result JSON with a `tree`), or an Error saying what is wrong.
  if (d && d.tree && !d.nodes) d = d.tree;
  if (!d || typeof d !== "object") throw new Error("not a tree: expected a JSON object");
  if (d.version !== 1) throw new Error("unknown tree format version " + JSON.stringify(d.version) + "; this viewer reads version 1");
  if (!Array.isArray(d.nodes) || !d.nodes.length) throw new Error("the tree has no nodes");
  d.nodes.forEach((n, i) => {
    if (n.id !== i) throw new Error("node " + i + " has id " + JSON.stringify(n.id) + " (ids must be 0, 1, 2, ... in order)");
    if (i > 0 && !(n.parent >= 0 && n.parent < i)) throw new Error("node " + i + " names parent " + JSON.stringify(n.parent) + ", which is not before it");
  });
  return d;
}

function ponderTreeView(el, api) {
  const h = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
  const oneLine = (s, n) => { s = (s || "").trim().replace(/\s+/g, " "); return s.length > n ? s.slice(0, n - 1) + "\u2026" : s; };
  const fmt = (x) => (x == null ? "\u2013" : Math.abs(x) >= 1e5 ? x.toExponential(2) : String(Math.round(x * 1000) / 1000));
  let timer = null;

  function tree() { return api.get("data") || {nodes: []}; }
  function nodes() { return tree().nodes || []; }
  function lastStep() { return nodes().length - 1; }
  function step() { const s = api.get("step"); return s == null || s < 0 || s > lastStep() ? lastStep() : s; }
  function collapsed() { return new Set(api.get("collapsed") || []); }
  function pal() { return api.get("palette"); }

  // ---- layout
  el.innerHTML = "";
  const root = h("div", "tv-root"); root.tabIndex = 0;
  const bar = h("div", "tv-bar");
  const btn = (cls, text, title) => { const b = h("button", "tv-btn " + cls, text); b.title = title; b.type = "button"; return b; };
  const bFirst = btn("tv-first", "\u23ee", "first step"), bPrev = btn("tv-prev", "\u25c0", "previous step");
  const bPlay = btn("tv-play", "\u25b6 replay", "reveal the nodes one by one, in the order the search made them");
  const bNext = btn("tv-next", "\u25b6", "next step"), bLast = btn("tv-last", "\u23ed", "the whole tree");
  const slider = h("input", "tv-step"); slider.type = "range"; slider.min = "0";
  const sVal = h("span", "tv-step-val");
  const bOpen = btn("tv-expand", "expand all", "show every node"), bShut = btn("tv-collapse", "collapse all", "show the first level only");
  const load = h("label", "tv-btn tv-loadlab", "load tree JSON\u2026");
  const file = h("input", "tv-load"); file.type = "file"; file.accept = ".json,application/json"; load.appendChild(file);
  const status = h("span", "tv-status");
  bar.append(bFirst, bPrev, bPlay, bNext, bLast, slider, sVal, bOpen, bShut, load, status);
  const head = h("div", "tv-head"), legend = h("div", "tv-legend");
  const body = h("div", "tv-body"), outline = h("div", "tv-tree"), detail = h("div", "tv-detail");
  body.append(outline, detail);
  root.append(bar, head, legend, body);
  el.appendChild(root);

  const setStep = (s) => api.set("step", Math.max(0, Math.min(lastStep(), s)) === lastStep() ? -1 : Math.max(0, s));
  const stop = () => { if (timer) { clearInterval(timer); timer = null; bPlay.textContent = "\u25b6 replay"; } };
  bFirst.addEventListener("click", () => { stop(); setStep(0); });
  bPrev.addEventListener("click", () => { stop(); setStep(step() - 1); });
  bNext.addEventListener("click", () => { stop(); setStep(step() + 1); });
  bLast.addEventListener("click", () => { stop(); setStep(lastStep()); });
  slider.addEventListener("input", () => { stop(); setStep(parseInt(slider.value, 10)); });
  bPlay.addEventListener("click", () => {
    if (timer) return stop();
    if (step() >= lastStep()) setStep(0);
    bPlay.textContent = "\u23f8 pause";
    timer = setInterval(() => { if (step() >= lastStep()) stop(); else setStep(step() + 1); }, 700);
  });
  root.addEventListener("keydown", (e) => {
    if (e.target.tagName === "INPUT") return;
    if (e.key === "ArrowRight") { e.preventDefault(); stop(); setStep(step() + 1); }
    if (e.key === "ArrowLeft") { e.preventDefault(); stop(); setStep(step() - 1); }
  });
  bOpen.addEventListener("click", () => api.set("collapsed", []));
  bShut.addEventListener("click", () => api.set("collapsed", nodes().filter((n) => n.id !== 0 && (n.children || []).length).map((n) => n.id)));
  file.addEventListener("change", () => {
    const f = file.files && file.files[0]; if (!f) return;
    f.text().then((txt) => {
      let d;
      try { d = ponderCheckTree(JSON.parse(txt)); }
      catch (err) { api.set("error", f.name + ": " + err.message); return; }
      stop(); api.set("error", ""); api.set("collapsed", []); api.set("selected", 0); api.set("step", -1); api.set("data", d);
    });
    file.value = "";
  });

  function renderBar() {
    const n = nodes().length, s = step();
    slider.max = String(Math.max(0, n - 1)); slider.value = String(s);
    sVal.textContent = "step " + s + " / " + Math.max(0, n - 1) + (s < n - 1 ? " (replaying: newest node #" + s + ")" : " (all nodes)");
    const err = api.get("error");
    status.className = "tv-status" + (err ? " tv-err" : ""); status.textContent = err || "";
  }

  function renderHead() {
    const t = tree(), ns = nodes(), st = ponderTreeStatus(ns), m = t.meta || {};
    let tok = 0; for (const n of ns) tok += (n.usage && n.usage.completion_tokens) || 0;
    const count = (k) => st.filter((x) => x === k).length;
    head.textContent = (m.strategy || "tree") + (m.problem ? " \u00b7 problem " + m.problem : "") + " \u00b7 " + ns.length + " nodes \u00b7 depth " +
      Math.max(0, ...ns.map((n) => n.depth || 0)) + " \u00b7 " + count("final") + " final, " + count("pruned") + " pruned, " +
      count("unfinished") + " unfinished \u00b7 " + tok + " generated tokens \u00b7 chosen: " +
      ((t.chosen || []).length ? "#" + t.chosen[t.chosen.length - 1] : "none");
    legend.innerHTML = "";
    const p = pal(), lo = (m.score_range || [0, 1])[0], hi = (m.score_range || [0, 1])[1];
    for (const [k, label] of [["final", "final (solution ended)"], ["pruned", "pruned (not kept)"], ["unfinished", "unfinished (search stopped)"], ["rollout", "rollout"]]) {
      const b = h("span", "tv-badge tv-b-" + k, k); b.title = label; legend.appendChild(b);
    }
    const ch = h("span", "tv-chosen-key", "chosen path"); ch.style.borderColor = p.roles.chosen; legend.appendChild(ch);
    const ramp = h("span", "tv-ramp"); ramp.style.background = "linear-gradient(to right," + p.sequential.join(",") + ")";
    legend.append(h("span", null, "score " + fmt(lo)), ramp, h("span", null, fmt(hi)));
    const un = h("span", "tv-dot"); un.style.background = p.roles.unscored; legend.append(un, h("span", null, "unscored"));
  }

  function nodeRow(n, st, chosen, shown, shut) {
    const m = tree().meta || {}, range = m.score_range || [0, 1], p = pal();
    const kids = (n.children || []).filter((c) => c <= shown);
    const row = h("div", "tv-node tv-s-" + st[n.id]);
    row.dataset.id = String(n.id); row.dataset.status = st[n.id];
    if (chosen.has(n.id)) { row.classList.add("tv-chosen"); row.style.borderLeftColor = p.roles.chosen; }
    if (n.id === shown && shown < lastStep()) row.classList.add("tv-new");
    if (n.id === api.get("selected")) row.classList.add("tv-sel");
    if (n.meta && n.meta.rollout) row.classList.add("tv-rollout");
    const tog = h("span", "tv-tog", kids.length ? (shut.has(n.id) ? "\u25b8" : "\u25be") : "");
    tog.addEventListener("click", (e) => {
      e.stopPropagation(); if (!kids.length) return;
      const s = collapsed(); if (s.has(n.id)) s.delete(n.id); else s.add(n.id); api.set("collapsed", [...s]);
    });
    const dot = h("span", "tv-dot"); dot.style.background = ponderScoreColour(n.score, range[0], range[1], p);
    const badge = h("span", "tv-badge tv-b-" + (n.meta && n.meta.rollout ? "rollout" : st[n.id]), n.meta && n.meta.rollout ? "rollout" : st[n.id]);
    row.append(tog, dot, h("span", "tv-id", "#" + n.id), badge,
               h("span", "tv-text", n.id === 0 ? "(prompt)" : oneLine(n.text, 90)),
               h("span", "tv-score", n.score == null ? "\u2013" : n.score.toFixed(3)),
               h("span", "tv-tok", (n.token_ids || []).length + " tok"));
    row.addEventListener("click", () => api.set("selected", n.id));
    return [row, kids];
  }

  function renderTree() {
    outline.innerHTML = "";
    const ns = nodes(); if (!ns.length) { outline.appendChild(h("div", "tv-muted", "no tree loaded")); return; }
    const st = ponderTreeStatus(ns), chosen = new Set(tree().chosen || []), shown = step(), shut = collapsed();
    const visit = (n, into) => {
      const [row, kids] = nodeRow(n, st, chosen, shown, shut);
      const wrap = h("div", "tv-wrap"); wrap.appendChild(row); into.appendChild(wrap);
      if (!kids.length || shut.has(n.id)) return;
      const box = h("div", "tv-kids"); wrap.appendChild(box);
      for (const c of kids) visit(ns[c], box);
    };
    visit(ns[0], outline);
  }

  function pathText(i) {
    const ns = nodes(), steps = [];
    for (let j = i; j != null && j !== 0 && ns[j]; j = ns[j].parent) steps.unshift(ns[j].text || "");
    return steps.join("");
  }

  function renderDetail() {
    detail.innerHTML = "";
    const ns = nodes(), i = api.get("selected");
    if (i == null || !ns[i] || i > step()) { detail.appendChild(h("div", "tv-muted", "Click a node to see its step, score and cost.")); return; }
    const n = ns[i], st = ponderTreeStatus(ns)[i], u = n.usage || {}, m = n.meta || {};
    detail.appendChild(h("h4", null, "Node #" + i + " \u00b7 depth " + n.depth + " \u00b7 " + st + ((tree().chosen || []).includes(i) ? " \u00b7 on the chosen path" : "")));
    const tbl = h("table", "tv-facts");
    const facts = [["verifier score", n.score == null ? "unscored" : n.score.toFixed(4)], ["tokens", (n.token_ids || []).length],
      ["finish reason", n.finish_reason || "\u2013"], ["prompt tokens", u.prompt_tokens], ["generated tokens", u.completion_tokens],
      ["cached prompt tokens", u.cached_tokens], ["forward passes", u.forward_passes], ["FLOPs", u.flops]];
    if (m.N != null) facts.push(["visits N", m.N], ["mean value W/N", m.W / m.N]);
    if (m.subtree != null) facts.push(["subtree", m.subtree]);
    if (m.rollout) facts.push(["rollout", "yes"]);
    for (const [k, v] of facts) { const tr = h("tr"); tr.append(h("th", null, k), h("td", null, typeof v === "number" ? fmt(v) : v == null ? "\u2013" : String(v))); tbl.appendChild(tr); }
    detail.appendChild(tbl);
    detail.appendChild(h("div", "tv-label", "This step"));
    detail.appendChild(h("pre", "tv-steptext", i === 0 ? "(the root: the prompt)" : n.text));
    detail.appendChild(h("div", "tv-label", "Partial solution ending here"));
    detail.appendChild(h("pre", "tv-pathtext", pathText(i)));
    const pr = h("details", "tv-prompt"); pr.append(h("summary", null, "prompt"), h("pre", null, tree().prompt || "")); detail.appendChild(pr);
  }

  function renderAll() { renderBar(); renderHead(); renderTree(); renderDetail(); }
  api.on("data", renderAll);
  api.on("step", () => { renderBar(); renderTree(); renderDetail(); });
  api.on("selected", () => { renderTree(); renderDetail(); });
  api.on("collapsed", renderTree);
  api.on("error", renderBar);
  renderAll();
  return { stop: stop };
}

// A plain-object adapter (static HTML, and views nested in another widget): state in `state`, callbacks on change.
function ponderPlainApi(state) {
  const cbs = {};
  return {
    interactive: false,
    get: (k) => state[k],
    set: (k, v) => { state[k] = v; (cbs[k] || []).forEach((f) => f()); },
    on: (k, f) => { (cbs[k] = cbs[k] || []).push(f); },
  };
}

// The anywidget adapter: state in the widget model, synced with Python.
function ponderModelApi(model, handlers) {
  return {
    interactive: true,
    get: (k) => model.get(k),
    set: (k, v) => { model.set(k, v); model.save_changes(); },
    on: (k, f) => { const ev = "change:" + k; model.on(ev, f); handlers.push([ev, f]); },
  };
}

function ponderTreeRender({ model, el }) {
  const handlers = [];
  const view = ponderTreeView(el, ponderModelApi(model, handlers));
  return () => { view.stop(); handlers.forEach(([ev, f]) => model.off(ev, f)); };
}
