/** Browser code: the header, the toolbar, keyboard shortcuts and start-up. */
export const JS_MAIN = String.raw`
function buildHeader() {
  var b = DATA.batch;
  $("title").textContent = b.name;
  var counts = { completed: 0, failed: 0, pending: 0 };
  RUNS.forEach(function (r) { counts[r.status] = (counts[r.status] || 0) + 1; });
  var sub = RUNS.length + " runs · " + counts.completed + " completed · " + counts.failed + " failed" + (counts.pending ? " · " + counts.pending + " not run" : "");
  if (b.strategy) sub += " · " + b.strategy;
  if (b.createdAt) sub += " · started " + b.createdAt.replace("T", " ").replace(/\.\d+Z$/, " UTC");
  if (IS_SHOTS) sub += " · " + DATA.shots.length + " shots";
  $("summary").textContent = sub;
  if (b.note) { var n = $("note"); n.textContent = b.note; n.hidden = false; }
  var fixed = $("fixed");
  PARAMS.filter(function (p) { return !p.varies; }).forEach(function (p) { fixed.appendChild(chip(p.name, RUNS.length ? RUNS[0].values[p.name] : null)); });
  if (fixed.childNodes.length) fixed.insertBefore(el("span", "sub", "Fixed: "), fixed.firstChild);
}
function buildToolbar() {
  var sort = $("sort"), group = $("group"), shot = $("shot");
  FIELDS.forEach(function (f) { option(sort, f.key, f.label); });
  option(group, "", "no grouping");
  AXES.concat([FIELD.rating]).forEach(function (f) { option(group, f.key, f.label); });
  if (IS_SHOTS) {
    option(shot, "", "all shots");
    DATA.shots.forEach(function (s) { option(shot, s.name, s.name); });
    shot.hidden = false;
    $("shot-x").hidden = false;
  }
  sort.onchange = function () { STATE.sortKey = sort.value; refresh(); };
  $("sort-dir").onclick = function () { STATE.sortDir = -STATE.sortDir; this.textContent = STATE.sortDir > 0 ? "↑ asc" : "↓ desc"; refresh(); };
  group.onchange = function () { STATE.groupKey = group.value; refresh(); };
  shot.onchange = function () { STATE.shot = shot.value; refresh(); };
  $("shot-x").onclick = shotByParam;
  $("search").oninput = function () { STATE.search = this.value.trim(); refresh(); };
  $("view-grid").onclick = function () { setView("grid"); };
  $("view-pivot").onclick = function () { setView("pivot"); };
  $("toggle-filters").onclick = function () { $("filters").classList.toggle("hidden"); };
  $("hover").onchange = function () { STATE.hover = this.value; };
  $("size").oninput = function () { document.documentElement.style.setProperty("--card-w", this.value + "px"); };
  $("help-btn").onclick = function () { $("help").classList.toggle("open"); };
}
function setView(view) {
  STATE.view = view;
  $("view-grid").classList.toggle("on", view === "grid");
  $("view-pivot").classList.toggle("on", view === "pivot");
  $("grid").hidden = view !== "grid";
  $("pivot").hidden = view !== "pivot";
  refresh();
}
function refresh() {
  computeCurrent();
  if (STATE.view === "grid") renderGrid(CURRENT); else renderPivot(CURRENT);
}
function onKey(ev) {
  var t = ev.target, typing = t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA");
  if (ev.key === "Escape") { if (PLAYER.id !== null) closePlayer(); else if (typing) t.blur(); $("help").classList.remove("open"); return; }
  if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  var open = PLAYER.id !== null, target = open ? PLAYER.id : focusIndex >= 0 && CURRENT[focusIndex] ? CURRENT[focusIndex].id : null;
  if (/^[0-5]$/.test(ev.key) && target !== null) { setRating(target, { stars: Number(ev.key), reject: false }); return; }
  if (ev.key === "x" && target !== null) { setRating(target, { reject: !ratingOf(target).reject }); return; }
  if (open) {
    if (ev.key === "ArrowLeft") stepPlayer(-1);
    else if (ev.key === "ArrowRight") stepPlayer(1);
    else if (ev.key === "c") copyCommand(BY_ID[PLAYER.id]);
    else return;
    ev.preventDefault();
    return;
  }
  if (ev.key === "/") { ev.preventDefault(); $("search").focus(); return; }
  if (ev.key === "?") { $("help").classList.toggle("open"); return; }
  if (ev.key === "p") { setView(STATE.view === "grid" ? "pivot" : "grid"); return; }
  if (STATE.view !== "grid") return;
  var moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: "up", ArrowDown: "down" };
  if (ev.key in moves) { ev.preventDefault(); moveFocus(moves[ev.key]); }
  else if ((ev.key === "Enter" || ev.key === " ") && target !== null) { ev.preventDefault(); openPlayer(target, CURRENT); }
}
buildHeader();
buildToolbar();
initPivot();
document.addEventListener("keydown", onKey);
loadRatings().then(function () {
  buildFilters();
  setView("grid");
  document.body.dataset.ready = "1";
});
`;
