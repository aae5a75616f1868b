// ponder's token explorer front end (package data of `ponder.explorer`, notebook nbs/02_explorer.ipynb).
// One ES module, used two ways: anywidget loads it as the widget's `_esm` (its default export `render`), and the
// static HTML export inlines it in a <script type="module"> followed by `ponderExplorer(el, ponderStaticApi(state))`.
//
// ponderExplorer(el, api) renders a tree of token paths into `el`.
// `api` adapts either an anywidget model (live) or a plain object (static HTML):
//   api.get(key) / api.set(key, value) / api.on(key, callback) / api.send(msg) or null / api.interactive (bool)
// Keys: data (the tree JSON), current (path id), measure ('prob'|'entropy'|'alts'), min_prob (float), busy, error.
function ponderExplorer(el, api) {
  const MEASURES = {prob: "probability", entropy: "entropy (bits)", alts: "# alternatives \u2265 min p"};
  let selected = null;          // selected position (index into the current path's tokens)
  let showPrompt = false;
  const h = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
  const visible = (s) => s.replace(/\n/g, "\u21b5\n").replace(/\t/g, "\u21e5");
  const shown = (s) => (s === "" ? "\u2205" : JSON.stringify(s).slice(1, -1));
  const pct = (p) => (p >= 0.995 ? (100 * p).toFixed(0) : p >= 0.001 ? (100 * p).toFixed(1) : (100 * p).toExponential(0)) + "%";

  function paths() { const d = api.get("data") || {}; return d.paths || []; }
  function byId(id) { return paths().find((p) => p.id === id); }
  function fullTokens(id, seen) {          // parent's tokens up to the fork, then this path's own tokens
    const p = byId(id); if (!p) return [];
    seen = seen || new Set(); if (seen.has(id)) return p.tokens.slice(); seen.add(id);
    const base = p.parent == null ? [] : fullTokens(p.parent, seen).slice(0, p.fork);
    return base.concat(p.tokens);
  }
  function currentId() { const c = api.get("current"); const ps = paths(); return byId(c) ? c : (ps.length ? ps[0].id : null); }
  function ids(id) { return fullTokens(id).map((t) => t.id); }
  function pathWith(pid, pos, tokId) {      // the oldest path that shares `pid`'s tokens before `pos` and has `tokId` at `pos`
    const base = ids(pid).slice(0, pos);
    for (const p of paths()) {
      const f = ids(p.id);
      if (f.length > pos && f[pos] === tokId && base.every((x, i) => f[i] === x)) return p;
    }
    return null;
  }
  function branchesAt(pid) {                // positions of `pid` where some other path diverges from it
    const s = new Set(), mine = ids(pid);
    for (const p of paths()) {
      if (p.id === pid) continue;
      const f = ids(p.id); let d = 0;
      while (d < f.length && d < mine.length && f[d] === mine[d]) d++;
      if (d < f.length && d < mine.length) s.add(d);
    }
    return s;
  }
  function nAlts(t, minp) { let n = 0; for (const a of t.alts || []) if (Math.exp(a[2]) >= minp) n++; return Math.max(n, 1); }
  function intensity(t, measure, minp) {    // 0 = confident, 1 = very uncertain
    if (measure === "entropy") return t.entropy == null ? 0 : Math.min(1, t.entropy / 4);
    if (measure === "alts") return Math.min(1, (nAlts(t, minp) - 1) / 4);
    return 1 - Math.exp(t.logprob);
  }
  function colour(x) { return "rgba(213, 94, 0, " + (0.06 + 0.74 * x).toFixed(3) + ")"; }   // the palette's vermillion (#D55E00), deeper = less sure

  // ---- layout
  el.innerHTML = "";
  const root = h("div", "pe-root");
  const bar = h("div", "pe-bar");
  const mLab = h("label", null, "colour by ");
  const mSel = h("select", "pe-measure");
  for (const k in MEASURES) { const o = h("option", null, MEASURES[k]); o.value = k; mSel.appendChild(o); }
  mLab.appendChild(mSel);
  const sLab = h("label", null, "min p ");
  const slider = h("input", "pe-minp"); slider.type = "range"; slider.min = "0"; slider.max = "0.5"; slider.step = "0.005";
  const sVal = h("span", "pe-minp-val");
  sLab.appendChild(slider); sLab.appendChild(sVal);
  const legend = h("span", "pe-legend");
  const ramp = h("span", "pe-ramp"); ramp.style.background = "linear-gradient(to right," + colour(0) + "," + colour(1) + ")";
  legend.appendChild(h("span", null, "confident")); legend.appendChild(ramp); legend.appendChild(h("span", null, "uncertain"));
  const status = h("span", "pe-status");
  bar.append(mLab, sLab, legend, status);
  const body = h("div", "pe-body");
  const text = h("div", "pe-text");
  const side = h("div", "pe-side");
  const altPanel = h("div", "pe-panel pe-alts");
  const pathPanel = h("div", "pe-panel pe-paths");
  side.append(altPanel, pathPanel);
  body.append(text, side);
  root.append(bar, body);
  el.appendChild(root);

  mSel.addEventListener("change", () => api.set("measure", mSel.value));
  slider.addEventListener("input", () => api.set("min_prob", parseFloat(slider.value)));

  function renderBar() {
    mSel.value = api.get("measure") || "prob";
    const mp = +api.get("min_prob") || 0;
    slider.value = String(mp); sVal.textContent = pct(mp);
    const err = api.get("error"), busy = api.get("busy");
    status.className = "pe-status" + (err ? " pe-err" : busy ? " pe-busy" : "");
    status.textContent = err ? err : busy ? "generating\u2026" : "";
  }

  function renderText() {
    text.innerHTML = "";
    const d = api.get("data") || {};
    const pid = currentId();
    const toks = pid ? fullTokens(pid) : [];
    const measure = api.get("measure") || "prob", minp = +api.get("min_prob") || 0;
    const tg = h("span", "pe-prompt-toggle", showPrompt ? "hide prompt" : "show prompt");
    tg.addEventListener("click", () => { showPrompt = !showPrompt; renderText(); });
    text.appendChild(tg);
    if (showPrompt && d.prompt) { text.appendChild(h("span", "pe-prompt", d.prompt)); }
    const cur = byId(pid), forkPos = cur && cur.parent != null ? cur.fork : -1;
    const branched = pid ? branchesAt(pid) : new Set();
    toks.forEach((t, i) => {
      const s = h("span", "pe-tok", visible(t.text));
      s.dataset.pos = String(i); s.tabIndex = 0;
      s.style.background = colour(intensity(t, measure, minp));
      s.title = "p=" + pct(Math.exp(t.logprob)) + (t.entropy == null ? "" : "  H=" + t.entropy.toFixed(2) + " bits") + "  alts\u2265min p: " + nAlts(t, minp);
      if (i === selected) s.classList.add("pe-sel");
      if (i === forkPos) s.classList.add("pe-fork");
      if (branched.has(i)) s.classList.add("pe-hasbranch");
      const pick = () => { selected = i; renderText(); renderAlts(); };
      s.addEventListener("click", pick);
      s.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
      text.appendChild(s);
    });
  }

  function renderAlts() {
    altPanel.innerHTML = "";
    const pid = currentId(); const toks = pid ? fullTokens(pid) : [];
    if (selected == null || selected >= toks.length) {
      altPanel.appendChild(h("h4", null, "Alternatives"));
      altPanel.appendChild(h("div", "pe-muted", "Click a token to see what else the model could have said there."));
      return;
    }
    const t = toks[selected], minp = +api.get("min_prob") || 0;
    altPanel.appendChild(h("h4", null, "Position " + selected + ": \u201c" + shown(t.text) + "\u201d  p=" + pct(Math.exp(t.logprob)) + (t.entropy == null ? "" : ", H=" + t.entropy.toFixed(2) + " bits")));
    let alts = (t.alts || []).slice();
    if (!alts.some((a) => a[0] === t.id)) alts.push([t.id, t.text, t.logprob]);
    alts.sort((a, b) => b[2] - a[2]);
    const kept = alts.filter((a) => a[0] === t.id || Math.exp(a[2]) >= minp);
    const hidden = alts.length - kept.length;
    const busy = !!api.get("busy");
    for (const a of kept) {
      const p = Math.exp(a[2]);
      const row = h("div", "pe-alt" + (a[0] === t.id ? " pe-chosen" : ""));
      row.dataset.token = String(a[0]);
      const code = h("code", null, shown(a[1])); code.title = "token id " + a[0];
      const barBox = h("div"); const b = h("div", "pe-altbar"); b.style.width = (100 * p).toFixed(1) + "%"; barBox.appendChild(b);
      row.append(code, barBox, h("span", "pe-pct", pct(p)));
      if (a[0] === t.id) row.appendChild(h("span", "pe-muted", "chosen"));
      else {
        const existing = pathWith(pid, selected, a[0]);
        if (existing) {
          const go = h("button", "pe-btn pe-goto", "\u2192 " + existing.id);
          go.addEventListener("click", () => { api.set("current", existing.id); });
          row.appendChild(go);
        } else if (api.interactive) {
          const br = h("button", "pe-btn pe-branch", "branch"); br.disabled = busy;
          br.title = "continue the text from this alternative";
          br.addEventListener("click", () => api.send({type: "branch", path: pid, pos: selected, token: a[0]}));
          row.appendChild(br);
        } else row.appendChild(h("span"));
      }
      altPanel.appendChild(row);
    }
    if (hidden > 0) altPanel.appendChild(h("div", "pe-muted", hidden + " alternative(s) below min p hidden"));
    if (!(t.alts || []).length) altPanel.appendChild(h("div", "pe-muted", "no alternatives were recorded for this token"));
  }

  function renderPaths() {
    pathPanel.innerHTML = "";
    const ps = paths();
    pathPanel.appendChild(h("h4", null, "Paths (" + ps.length + ")"));
    const cur = currentId();
    const depth = (p) => { let d = 0, q = p; while (q && q.parent != null && d < 50) { q = byId(q.parent); d++; } return d; };
    const ordered = [], seen = new Set();     // depth-first, so a path sits right under its parent
    const visit = (p) => { if (seen.has(p.id)) return; seen.add(p.id); ordered.push(p); ps.filter((c) => c.parent === p.id).forEach(visit); };
    ps.filter((p) => p.parent == null || !byId(p.parent)).forEach(visit); ps.forEach(visit);
    for (const p of ordered) {
      const row = h("div", "pe-path" + (p.id === cur ? " pe-cur" : ""));
      row.dataset.path = p.id;
      row.style.paddingLeft = (3 + 12 * depth(p)) + "px";
      const star = h("span", "pe-star" + (p.preferred ? " pe-on" : ""), p.preferred ? "\u2605" : "\u2606");
      star.title = api.interactive ? "mark as preferred" : (p.preferred ? "preferred" : "");
      star.addEventListener("click", (e) => { e.stopPropagation(); if (api.interactive) api.send({type: "prefer", path: p.id}); });
      const first = p.tokens.length ? p.tokens[0].text : "";
      const label = p.label || (p.parent == null ? "root" : "@" + p.fork + " \u201c" + shown(first) + "\u201d");
      const lab = h("span", "pe-plabel", p.id + "  " + label);
      lab.title = fullTokens(p.id).map((t) => t.text).join("");
      row.append(star, lab);
      row.addEventListener("click", () => { api.set("current", p.id); });
      pathPanel.appendChild(row);
    }
  }

  function renderAll() { renderBar(); renderText(); renderAlts(); renderPaths(); }
  api.on("data", () => { renderAll(); });
  api.on("current", () => { const n = fullTokens(currentId()).length; if (selected != null && selected >= n) selected = null; renderAll(); });
  api.on("measure", () => { renderBar(); renderText(); });
  api.on("min_prob", () => { renderBar(); renderText(); renderAlts(); });
  api.on("busy", () => { renderBar(); renderAlts(); });
  api.on("error", () => { renderBar(); });
  renderAll();
  return root;
}

// Static (no kernel) adapter: state lives in a plain object; branching is unavailable, everything else works.
function ponderStaticApi(state) {
  const cbs = {};
  return {
    interactive: false,
    send: null,
    get: (k) => state[k],
    set: (k, v) => { state[k] = v; (cbs[k] || []).forEach((f) => f()); },
    on: (k, f) => { (cbs[k] = cbs[k] || []).push(f); },
  };
}

// anywidget adapter: state lives in the widget model, synced with Python; branching is sent to the kernel.
function render({ model, el }) {
  const handlers = [];
  const api = {
    interactive: true,
    get: (k) => model.get(k),
    set: (k, v) => { model.set(k, v); model.save_changes(); },
    on: (k, f) => { const ev = "change:" + k; model.on(ev, f); handlers.push([ev, f]); },
    send: (msg) => model.send(msg),
  };
  ponderExplorer(el, api);
  return () => handlers.forEach(([ev, f]) => model.off(ev, f));
}
export default { render };
