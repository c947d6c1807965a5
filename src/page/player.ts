/**
 * The large player. Shows the output, every parameter (varying ones highlighted), the prompt and
 * seed, timings, all outputs, the rating, and the cr-run command that reproduces the run. ←/→ step
 * through the list it was opened from.
 */
import { BY_ID, DATA, PARAMS, type PageRun, type PageValue } from "./data.js";
import { $, clear, el, setStatus, show } from "./dom.js";
import { promptOf } from "./fields.js";
import { ratingOf, setRating } from "./ratings.js";
import { appendScoreSections } from "./scores.js";
import { SHOWN } from "./state.js";

export const PLAYER: { id: number | null; list: PageRun[] } = { id: null, list: [] };

export function openPlayer(id: number, list?: PageRun[]): void {
  const run = BY_ID[id];
  if (!run) return;
  PLAYER.id = id;
  PLAYER.list = list?.length ? list : SHOWN.runs;
  const box = $("player");
  clear(box);
  box.classList.add("open");
  document.body.style.overflow = "hidden";
  const stage = el("div", "stage");
  const media = el("div", "media");
  media.id = "player-media";
  if (run.media && run.media.kind === "video") {
    const v = el("video");
    v.controls = true;
    v.autoplay = true;
    v.loop = true;
    v.playsInline = true;
    if (run.media.poster) v.poster = run.media.poster;
    v.src = run.media.src;
    media.appendChild(v);
  } else if (run.media) {
    const img = el("img");
    img.alt = run.name;
    img.src = run.media.src;
    media.appendChild(img);
  } else media.appendChild(el("div", "empty", run.error || "This run has no output to show."));
  stage.appendChild(media);
  const nav = el("div", "nav");
  for (const [label, delta] of [
    ["‹ prev", -1],
    ["next ›", 1],
  ] as const) {
    const btn = el("button", null, label);
    btn.onclick = () => stepPlayer(delta);
    nav.appendChild(btn);
  }
  const pos = PLAYER.list.indexOf(run);
  nav.appendChild(el("span", "sub", `${pos + 1} / ${PLAYER.list.length}   ·   ←/→ move, 0–5 rate, x reject, c copy command, Esc close`));
  const close = el("button", null, "Close ✕");
  close.id = "player-close";
  close.style.marginLeft = "auto";
  close.onclick = closePlayer;
  nav.appendChild(close);
  stage.appendChild(nav);
  box.appendChild(stage);
  box.appendChild(playerSide(run));
}

function section(side: HTMLElement, title: string, body: HTMLElement): void {
  side.appendChild(el("div", "section", title));
  side.appendChild(body);
}

function playerSide(run: PageRun): HTMLDivElement {
  const side = el("div", "side");
  side.appendChild(el("h2", null, `Run ${run.name}`));
  side.appendChild(
    el("div", "sub", `#${run.id}${run.shot ? ` · shot ${run.shot}` : ""} · ${run.status}${(run.attempts ?? 0) > 1 ? ` after ${run.attempts} attempts` : ""}`),
  );
  side.appendChild(rateWidget(run.id));
  if (run.error) section(side, "error", el("pre", null, run.error));
  const prompt = promptOf(run);
  if (prompt?.text) {
    section(side, "prompt", el("div", "prompt", prompt.text));
    if (prompt.negative) section(side, "negative", el("div", "prompt", prompt.negative));
  }
  appendScoreSections(side, run);
  const table = el("table");
  table.id = "player-params";
  for (const p of PARAMS) table.appendChild(row(p.name, run.values[p.name], p.varies));
  if (run.duration !== null) table.appendChild(row("duration", `${run.duration} s`, false));
  if (run.started) table.appendChild(row("started", run.started, false));
  if (run.server) table.appendChild(row("server", run.server, false));
  section(side, "parameters", table);
  const cmd = el("pre", null, run.cmd);
  cmd.id = "player-cmd";
  section(side, "reproduce", cmd);
  const copy = el("button", null, "Copy command");
  copy.onclick = () => copyCommand(run);
  side.appendChild(copy);
  side.appendChild(el("div", "sub", `Run it from the folder that holds ${DATA.batch.name}.`));
  if (run.outputs.length) {
    const outs = el("div", "outputs");
    for (const o of run.outputs) {
      const a = el("a", null, o.file);
      a.href = o.src;
      a.target = "_blank";
      a.rel = "noopener";
      outs.appendChild(a);
    }
    section(side, "outputs", outs);
  }
  return side;
}

function row(name: string, value: PageValue | undefined, varies: boolean): HTMLTableRowElement {
  const tr = el("tr", varies ? "varies" : "");
  tr.appendChild(el("td", null, name));
  tr.appendChild(el("td", null, show(value)));
  return tr;
}

function rateWidget(id: number): HTMLDivElement {
  const box = el("div", "rate");
  box.id = "player-rate";
  for (let n = 1; n <= 5; n++) {
    const b = el("button", "star", "★");
    b.title = `${n} star${n > 1 ? "s" : ""} (key ${n})`;
    b.dataset.star = String(n);
    b.onclick = () => setRating(id, { stars: ratingOf(id).stars === n ? 0 : n, reject: false });
    box.appendChild(b);
  }
  const rej = el("button", "reject", "✕");
  rej.title = "reject (key x)";
  rej.onclick = () => setRating(id, { reject: !ratingOf(id).reject });
  box.appendChild(rej);
  paintRate(box, id);
  return box;
}

function paintRate(box: HTMLElement, id: number | string): void {
  const r = ratingOf(id);
  box.querySelectorAll<HTMLElement>(".star").forEach((b) => b.classList.toggle("lit", Number(b.dataset.star) <= r.stars));
  box.querySelector(".reject")?.classList.toggle("lit", r.reject);
}

export function refreshPlayerRating(id: number | string): void {
  const box = document.getElementById("player-rate");
  // Ids come as numbers from the page and as strings from a server merge: compare them as text.
  if (box && PLAYER.id !== null && String(PLAYER.id) === String(id)) paintRate(box, id);
}

export function stepPlayer(delta: number): void {
  const current = PLAYER.id === null ? undefined : BY_ID[PLAYER.id];
  const i = current ? PLAYER.list.indexOf(current) : -1;
  const next = PLAYER.list[(i + delta + PLAYER.list.length) % PLAYER.list.length];
  if (next) openPlayer(next.id, PLAYER.list);
}

export function closePlayer(): void {
  const box = $("player");
  box.querySelectorAll("video").forEach((v) => v.pause());
  clear(box);
  box.classList.remove("open");
  document.body.style.overflow = "";
  PLAYER.id = null;
}

export function copyCommand(run: PageRun): void {
  const done = (): void => setStatus("command copied");
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(run.cmd).then(done, () => selectText($("player-cmd")));
  else selectText($("player-cmd"));
}

function selectText(node: Node): void {
  const range = document.createRange();
  range.selectNodeContents(node);
  const sel = window.getSelection();
  sel?.removeAllRanges();
  sel?.addRange(range);
  setStatus("command selected: press Ctrl+C");
}
