/**
 * Browser code: the large player. Shows the output, every parameter (varying ones highlighted),
 * the prompt and seed, timings, all outputs, the rating, and the cr-run command that reproduces
 * the run. ←/→ step through the list it was opened from.
 */
export const JS_PLAYER = String.raw`
var PLAYER = { id: null, list: [] };

function openPlayer(id, list) {
  PLAYER.id = id;
  PLAYER.list = list && list.length ? list : CURRENT;
  var run = BY_ID[id];
  var box = $("player");
  clear(box);
  box.classList.add("open");
  document.body.style.overflow = "hidden";
  var stage = el("div", "stage");
  var media = el("div", "media");
  media.id = "player-media";
  if (run.media && run.media.kind === "video") {
    var v = el("video");
    v.controls = true;
    v.autoplay = true;
    v.loop = true;
    v.playsInline = true;
    if (run.media.poster) v.poster = run.media.poster;
    v.src = run.media.src;
    media.appendChild(v);
  } else if (run.media) {
    var img = el("img");
    img.alt = run.name;
    img.src = run.media.src;
    media.appendChild(img);
  } else media.appendChild(el("div", "empty", run.error || "This run has no output to show."));
  stage.appendChild(media);
  var nav = el("div", "nav");
  [["‹ prev", -1], ["next ›", 1]].forEach(function (b) {
    var btn = el("button", null, b[0]);
    btn.onclick = function () { stepPlayer(b[1]); };
    nav.appendChild(btn);
  });
  var pos = PLAYER.list.indexOf(run);
  nav.appendChild(el("span", "sub", (pos + 1) + " / " + PLAYER.list.length + "   ·   ←/→ move, 0–5 rate, x reject, c copy command, Esc close"));
  var close = el("button", null, "Close ✕");
  close.id = "player-close";
  close.style.marginLeft = "auto";
  close.onclick = closePlayer;
  nav.appendChild(close);
  stage.appendChild(nav);
  box.appendChild(stage);
  box.appendChild(playerSide(run));
}
function playerSide(run) {
  var side = el("div", "side");
  side.appendChild(el("h2", null, "Run " + run.name));
  side.appendChild(el("div", "sub", "#" + run.id + (run.shot ? " · shot " + run.shot : "") + " · " + run.status + (run.attempts > 1 ? " after " + run.attempts + " attempts" : "")));
  side.appendChild(rateWidget(run.id));
  if (run.error) { side.appendChild(el("div", "section", "error")); side.appendChild(el("pre", null, run.error)); }
  var prompt = promptOf(run);
  if (prompt && prompt.text) {
    side.appendChild(el("div", "section", "prompt"));
    side.appendChild(el("div", "prompt", prompt.text));
    if (prompt.negative) { side.appendChild(el("div", "section", "negative")); side.appendChild(el("div", "prompt", prompt.negative)); }
  }
  side.appendChild(el("div", "section", "parameters"));
  var table = el("table");
  table.id = "player-params";
  PARAMS.forEach(function (p) { table.appendChild(row(p.name, run.values[p.name], p.varies)); });
  if (run.duration !== null) table.appendChild(row("duration", run.duration + " s", false));
  if (run.started) table.appendChild(row("started", run.started, false));
  if (run.server) table.appendChild(row("server", run.server, false));
  side.appendChild(table);
  side.appendChild(el("div", "section", "reproduce"));
  var cmd = el("pre", null, run.cmd);
  cmd.id = "player-cmd";
  side.appendChild(cmd);
  var copy = el("button", null, "Copy command");
  copy.onclick = function () { copyCommand(run); };
  side.appendChild(copy);
  side.appendChild(el("div", "sub", "Run it from the folder that holds " + DATA.batch.name + "."));
  if (run.outputs.length) {
    side.appendChild(el("div", "section", "outputs"));
    var outs = el("div", "outputs");
    run.outputs.forEach(function (o) {
      var a = el("a", null, o.file);
      a.href = o.src;
      a.target = "_blank";
      a.rel = "noopener";
      outs.appendChild(a);
    });
    side.appendChild(outs);
  }
  return side;
}
function row(name, value, varies) {
  var tr = el("tr", varies ? "varies" : "");
  tr.appendChild(el("td", null, name));
  tr.appendChild(el("td", null, show(value)));
  return tr;
}
function rateWidget(id) {
  var box = el("div", "rate");
  box.id = "player-rate";
  for (var i = 1; i <= 5; i++) {
    (function (n) {
      var b = el("button", "star", "★");
      b.title = n + " star" + (n > 1 ? "s" : "") + " (key " + n + ")";
      b.dataset.star = n;
      b.onclick = function () { setRating(id, { stars: ratingOf(id).stars === n ? 0 : n, reject: false }); };
      box.appendChild(b);
    })(i);
  }
  var rej = el("button", "reject", "✕");
  rej.title = "reject (key x)";
  rej.onclick = function () { setRating(id, { reject: !ratingOf(id).reject }); };
  box.appendChild(rej);
  paintRate(box, id);
  return box;
}
function paintRate(box, id) {
  var r = ratingOf(id);
  box.querySelectorAll(".star").forEach(function (b) { b.classList.toggle("lit", Number(b.dataset.star) <= r.stars); });
  box.querySelector(".reject").classList.toggle("lit", r.reject);
}
function refreshPlayerRating(id) {
  var box = $("player-rate");
  if (box && PLAYER.id === id) paintRate(box, id);
}
function stepPlayer(delta) {
  var i = PLAYER.list.indexOf(BY_ID[PLAYER.id]);
  var next = PLAYER.list[(i + delta + PLAYER.list.length) % PLAYER.list.length];
  if (next) openPlayer(next.id, PLAYER.list);
}
function closePlayer() {
  var box = $("player");
  box.querySelectorAll("video").forEach(function (v) { v.pause(); });
  clear(box);
  box.classList.remove("open");
  document.body.style.overflow = "";
  PLAYER.id = null;
}
function copyCommand(run) {
  var done = function () { setStatus("command copied"); };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(run.cmd).then(done, function () { selectText($("player-cmd")); });
  else selectText($("player-cmd"));
}
function selectText(node) {
  var range = document.createRange();
  range.selectNodeContents(node);
  var sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  setStatus("command selected: press Ctrl+C");
}
`;
