/**
 * The comparisons of compare mode: embedded in the page, kept in localStorage (from file:// too)
 * and, under `--serve`, saved to ratings.json. Like the server, the page keeps a union by
 * (a, b, t, tab), an undone copy winning, so two tabs never lose each other's clicks: a save sends only
 * what the server has not acknowledged, and the reply (the merged whole) is merged back.
 */
import { DATA, type PageComparison } from "./data.js";
import { setStatus } from "./dom.js";

export type Choice = PageComparison["choice"];

const STORE_KEY = `cr-contact-sheet:${DATA.batch.key}:comparisons`;
const BY_KEY = new Map<string, PageComparison>();
let unsent = new Set<string>();
let served = false;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
let lastTime = 0;
let onChange: () => void = () => {};

/** This tab's name in its comparisons: two tabs may click the same pair in the same millisecond. */
const TAB = Array.from(crypto.getRandomValues(new Uint8Array(6)), (x) => x.toString(16).padStart(2, "0")).join("");
const keyOf = (c: PageComparison): string => `${c.a}|${c.b}|${c.t}|${c.by ?? ""}`;

/** Called whenever comparisons arrive from elsewhere (another tab, through the server). */
export function onComparisonsChange(listener: () => void): void {
  onChange = listener;
}

function asComparison(raw: unknown): PageComparison | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const { a, b, t, choice } = r;
  if (typeof a !== "number" || typeof b !== "number" || typeof t !== "number") return undefined;
  if (choice !== "a" && choice !== "b" && choice !== "tie" && choice !== "bad") return undefined;
  return {
    a,
    b,
    t,
    choice,
    ...(r.undone === true ? { undone: true } : {}),
    ...(typeof r.controlled === "string" ? { controlled: r.controlled } : {}),
    ...(typeof r.by === "string" ? { by: r.by } : {}),
  };
}

/** Merges a list from outside; returns whether anything changed here. */
function mergeIn(list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  let changed = false;
  for (const raw of list) {
    const c = asComparison(raw);
    if (!c) continue;
    const key = keyOf(c);
    const mine = BY_KEY.get(key);
    if (mine === undefined || (c.undone && !mine.undone)) {
      BY_KEY.set(key, c);
      changed = true;
    }
    lastTime = Math.max(lastTime, c.t);
  }
  return changed;
}

/** Every comparison that counts (not undone), oldest first. */
export function comparisons(): PageComparison[] {
  return [...BY_KEY.values()].filter((c) => !c.undone).sort((x, y) => x.t - y.t);
}

/** Every comparison including undone ones, oldest first (for the CSV). */
export function allComparisons(): PageComparison[] {
  return [...BY_KEY.values()].sort((x, y) => x.t - y.t);
}

function storeLocally(): void {
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(allComparisons()));
  } catch {
    setStatus("could not keep comparisons in this browser");
  }
}

export function loadComparisons(): Promise<void> {
  mergeIn(DATA.comparisons ?? []);
  const local: unknown = (() => {
    try {
      return JSON.parse(localStorage.getItem(STORE_KEY) || "[]");
    } catch {
      return [];
    }
  })();
  mergeIn(local);
  if (!/^https?:$/.test(location.protocol)) return Promise.resolve();
  return fetch("api/ratings", { headers: { Accept: "application/json" } })
    .then((res): Promise<unknown> | null => (res.ok ? res.json() : null))
    .then((reply) => {
      const body = (typeof reply === "object" && reply !== null ? reply : {}) as Record<string, unknown>;
      if (!Array.isArray(body.comparisons)) return;
      served = true;
      const saved = new Set<string>();
      for (const raw of body.comparisons) {
        const c = asComparison(raw);
        if (c) saved.add(c.undone ? `${keyOf(c)}!` : keyOf(c));
      }
      // Clicks this browser made while the server was away (or an undo it did not hear) go now.
      for (const [key, c] of BY_KEY) if (!saved.has(c.undone ? `${key}!` : key)) unsent.add(key);
      mergeIn(body.comparisons);
      storeLocally();
      if (unsent.size) void saveToServer();
    })
    .catch(() => {
      // a plain static server: comparisons stay in this browser
    });
}

function changed(key: string): void {
  unsent.add(key);
  storeLocally();
  if (served) {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveToServer, 150);
  }
}

/** Records one click; times are unique within this tab, so (a, b, t, tab) names it. */
export function addComparison(a: number, b: number, choice: Choice, controlled?: string): PageComparison {
  lastTime = Math.max(Date.now(), lastTime + 1);
  const c: PageComparison = { a, b, choice, t: lastTime, by: TAB, ...(controlled ? { controlled } : {}) };
  BY_KEY.set(keyOf(c), c);
  changed(keyOf(c));
  return c;
}

export function undoComparison(c: PageComparison): void {
  const undone: PageComparison = { ...c, undone: true };
  BY_KEY.set(keyOf(c), undone);
  changed(keyOf(c));
}

export function saveToServer(): Promise<void> {
  if (!unsent.size) return Promise.resolve();
  const keys = [...unsent];
  unsent = new Set();
  const body = keys.map((k) => BY_KEY.get(k)).filter((c): c is PageComparison => c !== undefined);
  const keep = (): void => {
    for (const k of keys) unsent.add(k);
  };
  return fetch("api/ratings", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ comparisons: body }) })
    .then((res): Promise<unknown> => {
      if (res.ok) return res.json();
      keep();
      return res.text().then((text) => {
        setStatus(`comparisons not saved (kept in this browser): ${text.slice(0, 200)}`);
        return null;
      });
    })
    .then((reply) => {
      if (!reply) return;
      const answer = reply as Record<string, unknown>;
      if (mergeIn(answer.comparisons)) onChange();
      storeLocally();
      setStatus("comparisons saved to ratings.json");
    })
    .catch(() => {
      keep();
      setStatus("comparisons not saved: the server is not running (kept in this browser)");
    });
}
