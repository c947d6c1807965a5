/**
 * Star ratings (0–5) and reject marks. Kept in localStorage; when the page is served by `--serve`
 * they are also read from and saved to ratings.json. Each rating carries the time it was made, so
 * merging local and saved ratings keeps the newest of each. A save sends only the ratings changed
 * since the last one; the server merges them per run and answers with the whole merged set, so
 * ratings made in other tabs appear here too.
 */
import { BY_ID, DATA, type PageRating } from "./data.js";
import { setStatus } from "./dom.js";

type RunId = number | string;

const STORE_KEY = `cr-contact-sheet:${DATA.batch.key}`;
const RATINGS: Record<string, PageRating> = {};
let unsaved: Record<string, true> = {};
let served = false;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
let onChange: (id: RunId) => void = () => {};

/** Called for every run whose rating changed on screen (set here, or merged from the server). */
export function onRatingChange(listener: (id: RunId) => void): void {
  onChange = listener;
}

export function ratingOf(id: RunId): PageRating {
  return RATINGS[id] ?? { stars: 0, reject: false, t: 0 };
}

/** Ratings come from localStorage and the server too: anything not an object reads as no ratings. */
function asObject(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
}

function timeOf(r: Record<string, unknown> | PageRating | undefined): number {
  return typeof r?.t === "number" ? r.t || 0 : 0;
}

/** Keeps the newest of each run's two copies; returns the ids whose rating changed here. */
function mergeRatings(from: unknown): string[] {
  const changed: string[] = [];
  for (const [id, raw] of Object.entries(asObject(from))) {
    const r = asObject(raw);
    if (typeof r.stars !== "number") continue;
    const mine = RATINGS[id];
    if (mine && timeOf(r) < timeOf(mine)) continue;
    if (!mine || mine.stars !== r.stars || mine.reject !== !!r.reject) changed.push(id);
    RATINGS[id] = { stars: r.stars, reject: !!r.reject, t: timeOf(r) };
  }
  return changed;
}

function storeLocally(): void {
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(RATINGS));
  } catch {
    setStatus("could not save ratings in this browser");
  }
}

export function loadRatings(): Promise<void> {
  mergeRatings(DATA.ratings);
  try {
    mergeRatings(JSON.parse(localStorage.getItem(STORE_KEY) || "{}"));
  } catch {
    // storage blocked: ratings last for this visit
  }
  if (!/^https?:$/.test(location.protocol)) return Promise.resolve();
  return fetch("api/ratings", { headers: { Accept: "application/json" } })
    .then((res): Promise<unknown> | null => (res.ok ? res.json() : null))
    .then((reply) => {
      const body = asObject(reply);
      if (!body.ratings) return;
      const saved = asObject(body.ratings);
      served = true;
      // Ratings this browser made while the server was away go to the server now.
      for (const [id, mine] of Object.entries(RATINGS)) {
        const theirs = saved[id];
        if (BY_ID[id] && mine.t > 0 && (!theirs || timeOf(asObject(theirs)) < mine.t)) unsaved[id] = true;
      }
      mergeRatings(saved);
      storeLocally();
      setStatus(body.problem ? "ratings.json could not be read; it will be kept as a copy when you rate" : "ratings are saved to ratings.json");
      if (Object.keys(unsaved).length) void saveToServer();
    })
    .catch(() => {
      // a plain static server: local ratings only
    });
}

export function setRating(id: RunId, change: { stars?: number; reject?: boolean }): void {
  const r = ratingOf(id);
  RATINGS[id] = { stars: change.stars !== undefined ? change.stars : r.stars, reject: change.reject !== undefined ? change.reject : r.reject, t: Date.now() };
  unsaved[id] = true;
  storeLocally();
  if (served) {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveToServer, 250);
  }
  onChange(id);
}

function saveToServer(): Promise<void> {
  const ids = Object.keys(unsaved);
  if (!ids.length) return Promise.resolve();
  unsaved = {};
  const body: Record<string, PageRating & { run_name: string; shot: string | undefined }> = {};
  for (const id of ids) {
    const run = BY_ID[id];
    const r = RATINGS[id];
    if (run && r) body[id] = { stars: r.stars, reject: r.reject, t: r.t, run_name: run.name, shot: run.shot || undefined };
  }
  const keep = (): void => {
    for (const id of ids) unsaved[id] = true;
  };
  setStatus("saving…");
  return fetch("api/ratings", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ratings: body }) })
    .then((res): Promise<unknown> => {
      if (res.ok) return res.json();
      keep();
      return res.text().then((text) => {
        setStatus(`not saved (kept in this browser): ${text.slice(0, 200)}`);
        return null;
      });
    })
    .then((reply) => {
      if (!reply) return;
      const answer = asObject(reply);
      mergeRatings(answer.ratings).forEach(onChange);
      storeLocally();
      setStatus(answer.backup ? `saved; the unreadable ratings.json was kept as ${String(answer.backup)}` : "saved to ratings.json");
    })
    .catch(() => {
      keep();
      setStatus("not saved: the server is not running (kept in this browser)");
    });
}

export function starsText(id: RunId): string {
  const r = ratingOf(id);
  if (r.reject) return "✕ rejected";
  return r.stars ? "★★★★★".slice(0, r.stars) : "";
}
