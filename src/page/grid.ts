/**
 * Cards and the grid. Cards are created in chunks as the user scrolls (IntersectionObserver on a
 * sentinel) and images load lazily, so thousands of runs stay smooth. Hover scrubs the frame strip
 * (or plays a muted loop); arrows move the focus, Enter opens.
 */
import { VARYING, type PageMedia, type PageRun } from "./data.js";
import { $, chip, clear, el } from "./dom.js";
import { grouped } from "./filters.js";
import { openPlayer, refreshPlayerRating } from "./player.js";
import { ratingOf, starsText } from "./ratings.js";
import { decorateCard } from "./scores.js";
import { SHOWN, STATE } from "./state.js";

type QueueItem = { head: string | null; count: number } | { run: PageRun };

const CHUNK = 60;
let queue: QueueItem[] = [];
let queued = 0;
let focusIndex = -1;
let cardsById: Record<string, HTMLDivElement> = {};
let observer: IntersectionObserver | null = null;
let currentGrid: HTMLDivElement | null = null;
let scrollCheck = false;

export function thumbFor(run: PageRun): HTMLElement {
  const m = run.media;
  if (!m) return el("div", "none", run.status === "failed" ? "failed — no output" : run.status === "pending" ? "not run yet" : "no previewable output");
  if (m.poster) {
    const img = el("img");
    img.loading = "lazy";
    img.decoding = "async";
    img.alt = run.name;
    img.src = m.poster;
    return img;
  }
  if (m.kind === "image") {
    const full = el("img");
    full.loading = "lazy";
    full.alt = run.name;
    full.src = m.src;
    return full;
  }
  // No ffmpeg: the browser shows the video's first frame itself.
  const v = el("video");
  v.preload = "metadata";
  v.muted = true;
  v.playsInline = true;
  v.src = m.src;
  return v;
}

function makeCard(run: PageRun): HTMLDivElement {
  const card = el("div", "card");
  card.tabIndex = -1;
  card.dataset.id = String(run.id);
  const thumb = el("div", "thumb");
  thumb.appendChild(thumbFor(run));
  if (run.status !== "completed") thumb.appendChild(el("span", `badge ${run.status}`, run.status));
  if (run.media?.duration) thumb.appendChild(el("span", "dur", `${run.media.duration.toFixed(1)} s`));
  if (run.media) attachHover(thumb, run.media);
  card.appendChild(thumb);
  const meta = el("div", "meta");
  const title = el("div", "title");
  title.appendChild(el("span", "name", run.name));
  if (run.shot) title.appendChild(el("span", "shot", run.shot));
  title.appendChild(el("span", "stars", starsText(run.id)));
  meta.appendChild(title);
  const kv = el("div", "kv");
  for (const p of VARYING) kv.appendChild(chip(p.name, run.values[p.name]));
  meta.appendChild(kv);
  if (run.error) meta.appendChild(el("div", "err", run.error));
  decorateCard(run, card, thumb, meta);
  card.appendChild(meta);
  if (ratingOf(run.id).reject) card.classList.add("rejected");
  card.onclick = () => openPlayer(run.id, SHOWN.runs);
  cardsById[run.id] = card;
  return card;
}

function attachHover(thumb: HTMLDivElement, m: PageMedia): void {
  const bar = el("div", "bar");
  let strip: HTMLImageElement | null = null;
  let video: HTMLVideoElement | null = null;
  thumb.appendChild(bar);
  thumb.addEventListener("mousemove", (ev) => {
    const box = thumb.getBoundingClientRect();
    const f = Math.min(0.999, Math.max(0, (ev.clientX - box.left) / box.width));
    bar.style.width = `${(f * 100).toFixed(1)}%`;
    if (STATE.hover !== "scrub" || !m.strip) return;
    if (!strip) {
      const holder = el("div", "strip");
      strip = el("img");
      strip.alt = "";
      strip.src = m.strip;
      holder.appendChild(strip);
      thumb.insertBefore(holder, bar);
    }
    thumb.classList.add("scrubbing");
    const frames = m.frames ?? 1;
    const frame = Math.floor(f * frames);
    strip.style.transform = `translateX(${((-100 * frame) / frames).toFixed(3)}%)`;
  });
  thumb.addEventListener("mouseenter", () => {
    if (m.kind !== "video" || (STATE.hover === "scrub" && m.strip)) return;
    video = el("video");
    video.muted = true;
    video.loop = true;
    video.playsInline = true;
    video.autoplay = true;
    video.src = m.src;
    video.style.cssText = "position:absolute;inset:0;background:#000";
    thumb.insertBefore(video, bar);
    video.play().catch(() => {});
  });
  thumb.addEventListener("mouseleave", () => {
    thumb.classList.remove("scrubbing");
    bar.style.width = "0";
    if (video) {
      video.pause();
      video.removeAttribute("src");
      video.load();
      video.remove();
      video = null;
    }
  });
}

export function refreshRating(id: number | string): void {
  const card = cardsById[id];
  if (card) {
    const stars = card.querySelector(".stars");
    if (stars) stars.textContent = starsText(id);
    card.classList.toggle("rejected", ratingOf(id).reject);
  }
  refreshPlayerRating(id);
}

export function renderGrid(list: PageRun[]): void {
  const root = $("grid");
  clear(root);
  cardsById = {};
  queue = [];
  queued = 0;
  focusIndex = -1;
  for (const g of grouped(list)) {
    queue.push({ head: g.label, count: g.runs.length });
    for (const r of g.runs) queue.push({ run: r });
  }
  if (!queue.length) root.appendChild(el("div", "empty", "No run matches these filters."));
  const sentinel = el("div");
  sentinel.id = "sentinel";
  root.appendChild(sentinel);
  if (observer) observer.disconnect();
  observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) fillViewport();
    },
    { rootMargin: "1200px" },
  );
  observer.observe(sentinel);
  renderMore(CHUNK);
}

/* The observer only reports changes, and misses some when the page jumps (End key, scrollbar
   drag): scrolling also checks, and while the sentinel stays near the screen after a chunk
   (small cards, a tall window), chunks keep coming, one per frame. */
export function initGrid(): void {
  window.addEventListener(
    "scroll",
    () => {
      if (scrollCheck || STATE.view !== "grid") return;
      scrollCheck = true;
      requestAnimationFrame(() => {
        scrollCheck = false;
        fillViewport();
      });
    },
    { passive: true },
  );
}

function fillViewport(): void {
  const sentinel = document.getElementById("sentinel");
  if (!sentinel || queued >= queue.length || sentinel.getBoundingClientRect().top > window.innerHeight + 1200) return;
  renderMore(CHUNK);
  if (sentinel.getBoundingClientRect().top < window.innerHeight + 1200) requestAnimationFrame(fillViewport);
}

function renderMore(n: number): void {
  const root = $("grid");
  const sentinel = document.getElementById("sentinel");
  let done = 0;
  while (queued < queue.length && done < n) {
    const item = queue[queued++];
    if (!item) break;
    if (!("run" in item)) {
      if (item.head !== null) {
        const h = el("div", "group-head");
        h.appendChild(el("b", null, item.head));
        h.appendChild(document.createTextNode(`  · ${item.count}`));
        root.insertBefore(h, sentinel);
      }
      currentGrid = el("div", "grid");
      root.insertBefore(currentGrid, sentinel);
    } else {
      currentGrid?.appendChild(makeCard(item.run));
      done++;
    }
  }
}

/** Cards are made lazily: make sure the one at this position of the shown runs exists. */
function ensureRendered(index: number): HTMLDivElement | undefined {
  const run = SHOWN.runs[index];
  if (!run) return undefined;
  while (!cardsById[run.id] && queued < queue.length) renderMore(CHUNK);
  return cardsById[run.id];
}

function columnsOf(card: HTMLElement): number {
  const first = card.parentElement?.firstElementChild;
  let cols = 0;
  let c = first;
  while (c instanceof HTMLElement && first instanceof HTMLElement && c.offsetTop === first.offsetTop) {
    cols++;
    c = c.nextElementSibling;
  }
  return Math.max(1, cols);
}

/** The run of the focused card, if any. */
export function focusedRunId(): number | null {
  return focusIndex >= 0 ? (SHOWN.runs[focusIndex]?.id ?? null) : null;
}

export function moveFocus(delta: number | "up" | "down"): void {
  if (!SHOWN.runs.length) return;
  let index = Math.max(0, focusIndex);
  if (focusIndex >= 0 && (delta === "up" || delta === "down")) {
    const focused = ensureRendered(focusIndex);
    const cols = focused ? columnsOf(focused) : 1;
    index = focusIndex + (delta === "up" ? -cols : cols);
  } else if (focusIndex >= 0 && typeof delta === "number") index = focusIndex + delta;
  index = Math.max(0, Math.min(SHOWN.runs.length - 1, index));
  const old = SHOWN.runs[focusIndex];
  if (focusIndex >= 0 && old) cardsById[old.id]?.classList.remove("focus");
  focusIndex = index;
  const card = ensureRendered(index);
  if (!card) return;
  card.classList.add("focus");
  card.focus({ preventScroll: true });
  card.scrollIntoView({ block: "nearest" });
}
