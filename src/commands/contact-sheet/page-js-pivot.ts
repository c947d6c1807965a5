/**
 * Browser code: the XY pivot. One parameter on X, another on Y, every other varying parameter
 * becomes a selector (all values, or one); the runs of a cell (usually the seeds of one point)
 * are stacked or cycled. For shots batches, "shot × parameter" puts the shots on Y.
 */
export const JS_PIVOT = String.raw`
var PIVOT = { x: "", y: "", pick: {}, seeds: "stack" };
var cycleTimer = null, cycleStep = 0;

function initPivot() {
  var axes = AXES.filter(function (f) { return f.key !== "status"; });
  PIVOT.x = axes[0] ? axes[0].key : "";
  PIVOT.y = axes[1] ? axes[1].key : "";
  if (IS_SHOTS && FIELD.shot) { PIVOT.y = "shot"; PIVOT.x = (axes.find(function (f) { return f.key !== "shot"; }) || { key: "" }).key; }
}
function pivotControls(axes, list) {
  var bar = el("div", "pivot-controls");
  function axisSelect(label, which) {
    var wrap = el("label", null, label);
    var s = el("select");
    s.id = "pivot-" + which;
    option(s, "", "(none)");
    axes.forEach(function (f) { option(s, f.key, f.label); });
    s.value = PIVOT[which];
    s.onchange = function () { PIVOT[which] = s.value; renderPivot(CURRENT); };
    wrap.appendChild(s);
    bar.appendChild(wrap);
  }
  axisSelect("X", "x");
  axisSelect("Y", "y");
  axes.forEach(function (f) {
    if (f.key === PIVOT.x || f.key === PIVOT.y) return;
    var wrap = el("label", null, f.label);
    var s = el("select");
    s.dataset.pick = f.key;
    option(s, "", "all");
    axisBuckets(f, list).forEach(function (b, i) { option(s, String(i), b.label); });
    s.value = PIVOT.pick[f.key] || "";
    s.onchange = function () { PIVOT.pick[f.key] = s.value; renderPivot(CURRENT); };
    wrap.appendChild(s);
    bar.appendChild(wrap);
  });
  var mode = el("label", null, "runs of a cell");
  var m = el("select");
  m.id = "pivot-seeds";
  option(m, "stack", "stacked");
  option(m, "cycle", "cycled");
  m.value = PIVOT.seeds;
  m.onchange = function () { PIVOT.seeds = m.value; renderPivot(CURRENT); };
  mode.appendChild(m);
  bar.appendChild(mode);
  return bar;
}
function renderPivot(list) {
  var root = $("pivot");
  clear(root);
  clearInterval(cycleTimer);
  var axes = AXES.filter(function (f) { return f.key !== "status"; });
  root.appendChild(pivotControls(axes, list));
  axes.forEach(function (f) {
    var pick = PIVOT.pick[f.key];
    if (!pick || f.key === PIVOT.x || f.key === PIVOT.y) return;
    var bucket = axisBuckets(f, list)[Number(pick)];
    if (bucket) list = list.filter(bucket.test);
  });
  var one = [{ label: "", test: function () { return true; } }];
  var xs = PIVOT.x ? axisBuckets(FIELD[PIVOT.x], list) : one;
  var ys = PIVOT.y ? axisBuckets(FIELD[PIVOT.y], list) : one;
  var table = el("table", "pivot");
  table.id = "pivot-table";
  var head = el("tr");
  head.appendChild(el("th", "corner", (PIVOT.y ? FIELD[PIVOT.y].label : "") + " ↓  " + (PIVOT.x ? FIELD[PIVOT.x].label : "") + " →"));
  xs.forEach(function (x) { head.appendChild(el("th", null, x.label)); });
  table.appendChild(head);
  ys.forEach(function (y) {
    var tr = el("tr");
    tr.appendChild(el("th", null, y.label));
    xs.forEach(function (x) {
      var td = el("td");
      var runs = list.filter(function (r) { return x.test(r) && y.test(r); });
      td.appendChild(pivotCell(runs));
      tr.appendChild(td);
    });
    table.appendChild(tr);
  });
  root.appendChild(table);
  if (PIVOT.seeds === "cycle") cycleTimer = setInterval(function () { cycleStep++; root.querySelectorAll(".cell.cycle").forEach(showCycled); }, 1500);
}
function pivotCell(runs) {
  var cell = el("div", "cell" + (PIVOT.seeds === "cycle" ? " cycle" : ""));
  if (!runs.length) { cell.appendChild(el("div", "empty", "—")); return cell; }
  var shown = PIVOT.seeds === "stack" ? runs.slice(0, 8) : runs;
  shown.forEach(function (r) {
    var mini = el("div", "mini");
    mini.dataset.id = r.id;
    mini.title = r.name + (r.shot ? " · " + r.shot : "") + " · seed " + show(seedOf(r));
    mini.appendChild(thumbFor(r));
    mini.appendChild(el("span", null, r.name + (starsText(r.id) ? " " + starsText(r.id) : "")));
    mini.onclick = function () { openPlayer(r.id, runs); };
    cell.appendChild(mini);
  });
  if (runs.length > shown.length) cell.appendChild(el("div", "empty", "+" + (runs.length - shown.length) + " more"));
  if (PIVOT.seeds === "cycle") showCycled(cell);
  return cell;
}
function showCycled(cell) {
  var minis = cell.querySelectorAll(".mini");
  minis.forEach(function (m, i) { m.style.display = i === cycleStep % minis.length ? "" : "none"; });
}
function shotByParam() {
  if (!IS_SHOTS) return;
  PIVOT.y = "shot";
  if (!PIVOT.x || PIVOT.x === "shot") PIVOT.x = (AXES.find(function (f) { return f.key !== "shot" && f.key !== "status"; }) || { key: "" }).key;
  setView("pivot");
}
`;
