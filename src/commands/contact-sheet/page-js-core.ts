/**
 * Browser code, part 1: data, fields and helpers. Every page script is plain ES2020 in one IIFE,
 * kept as strings (no backticks or template placeholders inside). Text reaches the DOM only
 * through textContent and attribute setters, never innerHTML.
 */
export const JS_CORE = String.raw`
var DATA = JSON.parse(document.getElementById("sheet-data").textContent);
var RUNS = DATA.runs;
var BY_ID = {};
RUNS.forEach(function (r) { BY_ID[r.id] = r; });
var PARAMS = DATA.params;
var VARYING = PARAMS.filter(function (p) { return p.varies; });
var IS_SHOTS = DATA.batch.kind === "shots";
var SEED_TYPES = { random_seed: 1, seed: 1 };

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function $(id) { return document.getElementById(id); }
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
function show(v) {
  if (v === null || v === undefined) return "—";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Math.round(v * 10000) / 10000);
  return String(v);
}
function option(select, value, label) {
  var o = el("option", null, label);
  o.value = value;
  select.appendChild(o);
  return o;
}
function chip(name, value) {
  var c = el("span", "chip");
  c.appendChild(el("b", null, name));
  c.appendChild(document.createTextNode(show(value)));
  c.title = name + " = " + show(value);
  return c;
}

/* A field is anything the user can sort, filter, group or pivot by. */
function makeField(key, label, get, numeric) { return { key: key, label: label, get: get, numeric: numeric }; }
var FIELDS = [makeField("id", "run id", function (r) { return r.id; }, true), makeField("name", "run name", function (r) { return r.name; }, false)];
if (IS_SHOTS) FIELDS.push(makeField("shot", "shot", function (r) { return r.shot; }, false));
FIELDS.push(makeField("status", "status", function (r) { return r.status; }, false));
PARAMS.forEach(function (p) {
  FIELDS.push(makeField("p:" + p.name, p.name, function (r) { var v = r.values[p.name]; return v === undefined ? null : v; }, p.numeric));
});
FIELDS.push(makeField("duration", "duration (s)", function (r) { return r.duration; }, true));
FIELDS.push(makeField("rating", "rating", function (r) { return ratingOf(r.id).stars; }, true));
var FIELD = {};
FIELDS.forEach(function (f) { FIELD[f.key] = f; });
function paramField(p) { return FIELD["p:" + p.name]; }
/* The fields worth filtering, grouping and pivoting by: those with more than one value. */
var AXES = FIELDS.filter(function (f) { return f.key === "status" || f.key === "shot" || VARYING.some(function (p) { return "p:" + p.name === f.key; }); });

function num(v) { return v === null || v === undefined || v === "" ? NaN : Number(v); }
function compareValues(a, b, numeric) {
  var an = a === null || a === undefined, bn = b === null || b === undefined;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  if (numeric) {
    var x = num(a), y = num(b);
    if (x !== y) return x < y ? -1 : 1;
    /* Seeds above 2^53 collide as doubles: fall back to their exact digits. */
    var sa = String(a), sb = String(b);
    return sa.length !== sb.length ? sa.length - sb.length : sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
function distinctValues(field, runs) {
  var seen = {}, out = [];
  runs.forEach(function (r) {
    var v = field.get(r), k = v === null || v === undefined ? "\u0000null" : String(v);
    if (!(k in seen)) { seen[k] = out.length; out.push({ value: v, key: k, count: 0 }); }
    out[seen[k]].count++;
  });
  out.sort(function (a, b) { return compareValues(a.value, b.value, field.numeric); });
  return out;
}
function keyOf(v) { return v === null || v === undefined ? "\u0000null" : String(v); }

/* Axis values for pivots and groups: the distinct values, or 6 ranges when a number has many. */
function axisBuckets(field, runs) {
  var values = distinctValues(field, runs);
  if (!field.numeric || values.length <= 8) {
    return values.map(function (d) { return { label: d.value === null ? "—" : show(d.value), test: function (r) { return keyOf(field.get(r)) === d.key; } }; });
  }
  var nums = values.map(function (d) { return num(d.value); }).filter(function (n) { return !isNaN(n); });
  var lo = Math.min.apply(null, nums), hi = Math.max.apply(null, nums), n = 6, step = (hi - lo) / n;
  var out = [];
  for (var i = 0; i < n; i++) {
    (function (a, b, last) {
      out.push({ label: show(a) + " – " + show(b), test: function (r) { var v = num(field.get(r)); return v >= a && (last ? v <= b : v < b); } });
    })(lo + i * step, lo + (i + 1) * step, i === n - 1);
  }
  return out;
}
function seedOf(run) {
  var p = PARAMS.find(function (q) { return SEED_TYPES[q.type]; }) || PARAMS.find(function (q) { return /seed/i.test(q.name); });
  return p ? run.values[p.name] : null;
}
function promptOf(run) {
  var p = PARAMS.find(function (q) { return /^(positive_)?prompt$|^text$/i.test(q.name); });
  if (p && run.values[p.name] !== null) return { text: run.values[p.name], negative: null };
  var shot = DATA.shots.find(function (s) { return s.name === run.shot; });
  return shot ? { text: shot.prompt, negative: shot.negative } : null;
}
`;
