/**
 * Browser code: star ratings (0–5) and reject marks. Kept in localStorage; when the page is
 * served by `--serve` they are also read from and saved to ratings.json. Each rating carries
 * the time it was made, so merging local and saved ratings keeps the newest of each.
 * Also the two CSV exports.
 */
export const JS_RATINGS = String.raw`
var STORE_KEY = "cr-contact-sheet:" + DATA.batch.key;
var RATINGS = {};
var SERVED = false;
var saveTimer = null;

function ratingOf(id) { return RATINGS[id] || { stars: 0, reject: false, t: 0 }; }
function mergeRatings(from) {
  Object.keys(from || {}).forEach(function (id) {
    var r = from[id];
    if (!r || typeof r.stars !== "number") return;
    if (!RATINGS[id] || (r.t || 0) >= (RATINGS[id].t || 0)) RATINGS[id] = { stars: r.stars, reject: !!r.reject, t: r.t || 0 };
  });
}
function loadRatings() {
  mergeRatings(DATA.ratings);
  try { mergeRatings(JSON.parse(localStorage.getItem(STORE_KEY) || "{}")); } catch (e) { /* storage blocked: ratings last for this visit */ }
  if (!/^https?:$/.test(location.protocol)) return Promise.resolve();
  return fetch("api/ratings", { headers: { Accept: "application/json" } })
    .then(function (res) { return res.ok ? res.json() : null; })
    .then(function (body) {
      if (!body || !body.ratings) return;
      SERVED = true;
      mergeRatings(body.ratings);
      setStatus("ratings are saved to ratings.json");
    })
    .catch(function () { /* a plain static server: local ratings only */ });
}
function setRating(id, change) {
  var r = ratingOf(id);
  var next = { stars: change.stars !== undefined ? change.stars : r.stars, reject: change.reject !== undefined ? change.reject : r.reject, t: Date.now() };
  RATINGS[id] = next;
  try { localStorage.setItem(STORE_KEY, JSON.stringify(RATINGS)); } catch (e) { setStatus("could not save ratings in this browser"); }
  if (SERVED) { clearTimeout(saveTimer); saveTimer = setTimeout(saveToServer, 250); }
  refreshRating(id);
}
function saveToServer() {
  var body = {};
  Object.keys(RATINGS).forEach(function (id) {
    var run = BY_ID[id];
    if (run) body[id] = { stars: RATINGS[id].stars, reject: RATINGS[id].reject, t: RATINGS[id].t, run_name: run.name, shot: run.shot || undefined };
  });
  setStatus("saving…");
  return fetch("api/ratings", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ratings: body }) })
    .then(function (res) { setStatus(res.ok ? "saved to ratings.json" : "not saved: the server answered " + res.status); })
    .catch(function () { setStatus("not saved: the server is not running (kept in this browser)"); });
}
function setStatus(text) { var s = $("status"); if (s) s.textContent = text; }
function starsText(id) {
  var r = ratingOf(id);
  if (r.reject) return "✕ rejected";
  return r.stars ? "★★★★★".slice(0, r.stars) : "";
}

/* CSV for spreadsheets: quoted when needed; text that a spreadsheet would run as a formula is prefixed with '. */
function csvCell(v) {
  if (v === null || v === undefined) return "";
  var s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s) && isNaN(Number(s))) s = "'" + s;
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}
function csvText(rows) { return rows.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n"; }
function download(name, text) {
  var url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  var a = el("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
}
function exportRatings() {
  var rows = [["run_id", "run_name", "shot", "stars", "rejected"]];
  RUNS.forEach(function (r) {
    var x = RATINGS[r.id];
    if (x && (x.stars || x.reject)) rows.push([r.id, r.name, r.shot || "", x.stars, x.reject ? 1 : 0]);
  });
  download("ratings.csv", csvText(rows));
}
function exportAll() {
  var head = ["run_id", "run_name"].concat(IS_SHOTS ? ["shot"] : [], PARAMS.map(function (p) { return p.name; }), ["status", "error", "duration_s", "outputs", "stars", "rejected", "command"]);
  var rows = [head];
  RUNS.forEach(function (r) {
    var x = ratingOf(r.id);
    rows.push([r.id, r.name].concat(IS_SHOTS ? [r.shot] : [], PARAMS.map(function (p) { return r.values[p.name]; }), [r.status, r.error, r.duration, r.outputs.map(function (o) { return o.file; }).join(";"), x.stars, x.reject ? 1 : 0, r.cmd]));
  });
  download("metadata_ratings.csv", csvText(rows));
}
`;
