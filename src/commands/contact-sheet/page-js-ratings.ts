/**
 * Browser code: star ratings (0–5) and reject marks. Kept in localStorage; when the page is
 * served by `--serve` they are also read from and saved to ratings.json. Each rating carries
 * the time it was made, so merging local and saved ratings keeps the newest of each. A save
 * sends only the ratings changed since the last one; the server merges them per run and answers
 * with the whole merged set, so ratings made in other tabs appear here too.
 * Also the two CSV exports.
 */
export const JS_RATINGS = String.raw`
var STORE_KEY = "cr-contact-sheet:" + DATA.batch.key;
var RATINGS = {};
var UNSAVED = {};
var SERVED = false;
var saveTimer = null;

function ratingOf(id) { return RATINGS[id] || { stars: 0, reject: false, t: 0 }; }
/* Keeps the newest of each run's two copies; returns the ids whose rating changed here. */
function mergeRatings(from) {
  var changed = [];
  Object.keys(from || {}).forEach(function (id) {
    var r = from[id];
    if (!r || typeof r.stars !== "number") return;
    var mine = RATINGS[id];
    if (mine && (r.t || 0) < (mine.t || 0)) return;
    if (!mine || mine.stars !== r.stars || mine.reject !== !!r.reject) changed.push(id);
    RATINGS[id] = { stars: r.stars, reject: !!r.reject, t: r.t || 0 };
  });
  return changed;
}
function storeLocally() {
  try { localStorage.setItem(STORE_KEY, JSON.stringify(RATINGS)); } catch (e) { setStatus("could not save ratings in this browser"); }
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
      /* Ratings this browser made while the server was away go to the server now. */
      Object.keys(RATINGS).forEach(function (id) {
        var saved = body.ratings[id];
        if (BY_ID[id] && RATINGS[id].t > 0 && (!saved || (saved.t || 0) < RATINGS[id].t)) UNSAVED[id] = true;
      });
      mergeRatings(body.ratings);
      storeLocally();
      setStatus(body.problem ? "ratings.json could not be read; it will be kept as a copy when you rate" : "ratings are saved to ratings.json");
      if (Object.keys(UNSAVED).length) saveToServer();
    })
    .catch(function () { /* a plain static server: local ratings only */ });
}
function setRating(id, change) {
  var r = ratingOf(id);
  var next = { stars: change.stars !== undefined ? change.stars : r.stars, reject: change.reject !== undefined ? change.reject : r.reject, t: Date.now() };
  RATINGS[id] = next;
  UNSAVED[id] = true;
  storeLocally();
  if (SERVED) { clearTimeout(saveTimer); saveTimer = setTimeout(saveToServer, 250); }
  refreshRating(id);
}
function saveToServer() {
  var ids = Object.keys(UNSAVED);
  if (!ids.length) return Promise.resolve();
  UNSAVED = {};
  var body = {};
  ids.forEach(function (id) {
    var run = BY_ID[id];
    if (run) body[id] = { stars: RATINGS[id].stars, reject: RATINGS[id].reject, t: RATINGS[id].t, run_name: run.name, shot: run.shot || undefined };
  });
  function keep() { ids.forEach(function (id) { UNSAVED[id] = true; }); }
  setStatus("saving…");
  return fetch("api/ratings", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ratings: body }) })
    .then(function (res) {
      if (res.ok) return res.json();
      keep();
      return res.text().then(function (text) { setStatus("not saved (kept in this browser): " + text.slice(0, 200)); return null; });
    })
    .then(function (reply) {
      if (!reply) return;
      mergeRatings(reply.ratings).forEach(refreshRating);
      storeLocally();
      setStatus(reply.backup ? "saved; the unreadable ratings.json was kept as " + reply.backup : "saved to ratings.json");
    })
    .catch(function () { keep(); setStatus("not saved: the server is not running (kept in this browser)"); });
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
