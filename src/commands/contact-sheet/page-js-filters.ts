/** Browser code: view state, the filter panel (ranges, checkboxes, text, ratings), sorting and grouping. */
export const JS_FILTERS = String.raw`
var STATE = { view: "grid", search: "", sortKey: "id", sortDir: 1, groupKey: "", shot: "", filters: {}, minStars: 0, hideRejected: false, hover: "scrub" };
var CURRENT = RUNS.slice();

function textOf(r) {
  if (!r._text) {
    var parts = [r.name, r.shot || "", r.status, r.error || ""];
    Object.keys(r.values).forEach(function (k) { parts.push(k + "=" + show(r.values[k])); });
    r._text = parts.join(" ").toLowerCase();
  }
  return r._text;
}
function passes(r) {
  if (STATE.shot && r.shot !== STATE.shot) return false;
  if (STATE.search) {
    var words = STATE.search.toLowerCase().split(/\s+/).filter(Boolean);
    var t = textOf(r);
    if (!words.every(function (w) { return t.indexOf(w) >= 0; })) return false;
  }
  var x = ratingOf(r.id);
  if (STATE.hideRejected && x.reject) return false;
  if (STATE.minStars && x.stars < STATE.minStars) return false;
  for (var key in STATE.filters) {
    var f = STATE.filters[key], v = FIELD[key].get(r);
    if (f.type === "set" && f.off[keyOf(v)]) return false;
    if (f.type === "range") {
      var n = num(v);
      if (!isNaN(f.min) && !(n >= f.min)) return false;
      if (!isNaN(f.max) && !(n <= f.max)) return false;
    }
  }
  return true;
}
function sorted(list) {
  var field = FIELD[STATE.sortKey], dir = STATE.sortDir;
  return list.map(function (r, i) { return { r: r, i: i }; }).sort(function (a, b) {
    return compareValues(field.get(a.r), field.get(b.r), field.numeric) * dir || a.r.id - b.r.id;
  }).map(function (x) { return x.r; });
}
function computeCurrent() {
  CURRENT = sorted(RUNS.filter(passes));
  $("count").textContent = CURRENT.length === RUNS.length ? RUNS.length + " runs" : CURRENT.length + " of " + RUNS.length + " runs";
  return CURRENT;
}
/* Groups in the order of their value; the runs keep the chosen sort inside each group. */
function grouped(list) {
  if (!STATE.groupKey) return [{ label: null, runs: list }];
  var field = FIELD[STATE.groupKey];
  return axisBuckets(field, list).map(function (b) {
    return { label: field.label + " = " + b.label, runs: list.filter(b.test) };
  }).filter(function (g) { return g.runs.length > 0; });
}

function buildFilters() {
  var box = $("filters");
  clear(box);
  var reset = el("button", null, "Reset filters");
  reset.id = "reset-filters";
  reset.onclick = function () { STATE.filters = {}; STATE.minStars = 0; STATE.hideRejected = false; STATE.search = ""; $("search").value = ""; buildFilters(); refresh(); };
  box.appendChild(reset);
  AXES.forEach(function (field) {
    if (field.key === "shot") return; /* the toolbar's shot selector */
    var values = distinctValues(field, RUNS);
    if (values.length < 2) return;
    box.appendChild(el("h3", null, field.label));
    if (field.numeric && values.length > 8) box.appendChild(rangeFilter(field, values));
    else values.forEach(function (d) { box.appendChild(checkFilter(field, d)); });
  });
  box.appendChild(el("h3", null, "rating"));
  var stars = el("select");
  stars.setAttribute("aria-label", "minimum stars");
  ["any rating", "★ or more", "★★ or more", "★★★ or more", "★★★★ or more", "★★★★★"].forEach(function (t, i) { option(stars, String(i), t); });
  stars.value = String(STATE.minStars);
  stars.onchange = function () { STATE.minStars = Number(stars.value); refresh(); };
  box.appendChild(stars);
  var rej = el("label");
  var cb = el("input");
  cb.type = "checkbox";
  cb.checked = STATE.hideRejected;
  cb.onchange = function () { STATE.hideRejected = cb.checked; refresh(); };
  rej.appendChild(cb);
  rej.appendChild(document.createTextNode("hide rejected"));
  box.appendChild(rej);
  box.appendChild(el("h3", null, "export"));
  [["export-ratings", "ratings.csv", exportRatings], ["export-all", "metadata + ratings.csv", exportAll]].forEach(function (b) {
    var btn = el("button", "export", b[1]);
    btn.id = b[0];
    btn.onclick = b[2];
    box.appendChild(btn);
  });
}
function checkFilter(field, d) {
  var label = el("label");
  var cb = el("input");
  cb.type = "checkbox";
  cb.dataset.filter = field.key;
  var f = STATE.filters[field.key];
  cb.checked = !(f && f.off[d.key]);
  cb.onchange = function () {
    var cur = STATE.filters[field.key] || { type: "set", off: {} };
    if (cb.checked) delete cur.off[d.key]; else cur.off[d.key] = true;
    if (Object.keys(cur.off).length) STATE.filters[field.key] = cur; else delete STATE.filters[field.key];
    refresh();
  };
  label.appendChild(cb);
  var name = el("span", null, d.value === null ? "—" : show(d.value));
  name.title = name.textContent;
  label.appendChild(name);
  label.appendChild(el("span", "n", d.count));
  return label;
}
function rangeFilter(field, values) {
  var wrap = el("div", "range");
  var nums = values.map(function (d) { return num(d.value); }).filter(function (n) { return !isNaN(n); });
  ["min", "max"].forEach(function (end) {
    var input = el("input");
    input.type = "number";
    input.step = "any";
    input.dataset.filter = field.key + ":" + end;
    input.placeholder = show(end === "min" ? Math.min.apply(null, nums) : Math.max.apply(null, nums));
    input.setAttribute("aria-label", field.label + " " + end);
    input.oninput = function () {
      var cur = STATE.filters[field.key] || { type: "range", min: NaN, max: NaN };
      cur[end] = input.value === "" ? NaN : Number(input.value);
      if (isNaN(cur.min) && isNaN(cur.max)) delete STATE.filters[field.key]; else STATE.filters[field.key] = cur;
      refresh();
    };
    wrap.appendChild(input);
  });
  return wrap;
}
`;
