/**
 * Browser code: cards and the grid. Cards are created in chunks as the user scrolls
 * (IntersectionObserver on a sentinel) and images load lazily, so thousands of runs stay smooth.
 * Hover scrubs the frame strip (or plays a muted loop); arrows move the focus, Enter opens.
 */
export const JS_GRID = String.raw`
var CHUNK = 60;
var queue = [], queued = 0, focusIndex = -1, cardsById = {}, observer = null;

function thumbFor(run, big) {
  var m = run.media;
  if (!m) return el("div", "none", run.status === "failed" ? "failed — no output" : run.status === "pending" ? "not run yet" : "no previewable output");
  if (m.poster) {
    var img = el("img");
    img.loading = "lazy";
    img.decoding = "async";
    img.alt = run.name;
    img.src = m.poster;
    return img;
  }
  if (m.kind === "image") {
    var full = el("img");
    full.loading = "lazy";
    full.alt = run.name;
    full.src = m.src;
    return full;
  }
  /* No ffmpeg: the browser shows the video's first frame itself. */
  var v = el("video");
  v.preload = "metadata";
  v.muted = true;
  v.playsInline = true;
  v.src = m.src;
  return v;
}
function makeCard(run) {
  var card = el("div", "card");
  card.tabIndex = -1;
  card.dataset.id = run.id;
  var thumb = el("div", "thumb");
  thumb.appendChild(thumbFor(run));
  if (run.status !== "completed") thumb.appendChild(el("span", "badge " + run.status, run.status));
  if (run.media && run.media.duration) thumb.appendChild(el("span", "dur", run.media.duration.toFixed(1) + " s"));
  if (run.media) attachHover(thumb, run);
  card.appendChild(thumb);
  var meta = el("div", "meta");
  var title = el("div", "title");
  title.appendChild(el("span", "name", run.name));
  if (run.shot) title.appendChild(el("span", "shot", run.shot));
  title.appendChild(el("span", "stars", starsText(run.id)));
  meta.appendChild(title);
  var kv = el("div", "kv");
  VARYING.forEach(function (p) { kv.appendChild(chip(p.name, run.values[p.name])); });
  meta.appendChild(kv);
  if (run.error) meta.appendChild(el("div", "err", run.error));
  card.appendChild(meta);
  if (ratingOf(run.id).reject) card.classList.add("rejected");
  card.onclick = function () { openPlayer(run.id, CURRENT); };
  cardsById[run.id] = card;
  return card;
}
function attachHover(thumb, run) {
  var m = run.media, strip = null, bar = el("div", "bar"), video = null;
  thumb.appendChild(bar);
  thumb.addEventListener("mousemove", function (ev) {
    var box = thumb.getBoundingClientRect(), f = Math.min(0.999, Math.max(0, (ev.clientX - box.left) / box.width));
    bar.style.width = (f * 100).toFixed(1) + "%";
    if (STATE.hover !== "scrub" || !m.strip) return;
    if (!strip) {
      strip = el("div", "strip");
      var img = el("img");
      img.alt = "";
      img.src = m.strip;
      strip.appendChild(img);
      thumb.insertBefore(strip, bar);
    }
    thumb.classList.add("scrubbing");
    var frame = Math.floor(f * m.frames);
    strip.firstChild.style.transform = "translateX(" + (-100 * frame / m.frames).toFixed(3) + "%)";
  });
  thumb.addEventListener("mouseenter", function () {
    if (m.kind !== "video" || (STATE.hover === "scrub" && m.strip)) return;
    video = el("video");
    video.muted = true;
    video.loop = true;
    video.playsInline = true;
    video.autoplay = true;
    video.src = m.src;
    video.style.cssText = "position:absolute;inset:0;background:#000";
    thumb.insertBefore(video, bar);
    video.play().catch(function () {});
  });
  thumb.addEventListener("mouseleave", function () {
    thumb.classList.remove("scrubbing");
    bar.style.width = "0";
    if (video) { video.pause(); video.removeAttribute("src"); video.load(); video.remove(); video = null; }
  });
}
function refreshRating(id) {
  var card = cardsById[id];
  if (card) {
    card.querySelector(".stars").textContent = starsText(id);
    card.classList.toggle("rejected", ratingOf(id).reject);
  }
  if (typeof refreshPlayerRating === "function") refreshPlayerRating(id);
}

function renderGrid(list) {
  var root = $("grid");
  clear(root);
  cardsById = {};
  queue = [];
  queued = 0;
  focusIndex = -1;
  grouped(list).forEach(function (g) { queue.push({ head: g.label, count: g.runs.length }); g.runs.forEach(function (r) { queue.push({ run: r }); }); });
  if (!queue.length) root.appendChild(el("div", "empty", "No run matches these filters."));
  var sentinel = el("div");
  sentinel.id = "sentinel";
  root.appendChild(sentinel);
  if (observer) observer.disconnect();
  observer = new IntersectionObserver(function (entries) { if (entries.some(function (e) { return e.isIntersecting; })) fillViewport(); }, { rootMargin: "1200px" });
  observer.observe(sentinel);
  renderMore(CHUNK);
}
/* The observer only reports changes, and misses some when the page jumps (End key, scrollbar
   drag): scrolling also checks, and while the sentinel stays near the screen after a chunk
   (small cards, a tall window), chunks keep coming, one per frame. */
var scrollCheck = false;
window.addEventListener("scroll", function () {
  if (scrollCheck || STATE.view !== "grid") return;
  scrollCheck = true;
  requestAnimationFrame(function () { scrollCheck = false; fillViewport(); });
}, { passive: true });
function fillViewport() {
  var sentinel = $("sentinel");
  if (!sentinel || queued >= queue.length || sentinel.getBoundingClientRect().top > window.innerHeight + 1200) return;
  renderMore(CHUNK);
  if (sentinel.getBoundingClientRect().top < window.innerHeight + 1200) requestAnimationFrame(fillViewport);
}
var currentGrid = null;
function renderMore(n) {
  var root = $("grid"), sentinel = $("sentinel"), done = 0;
  while (queued < queue.length && done < n) {
    var item = queue[queued++];
    if (item.run === undefined) {
      if (item.head !== null) {
        var h = el("div", "group-head");
        h.appendChild(el("b", null, item.head));
        h.appendChild(document.createTextNode("  · " + item.count));
        root.insertBefore(h, sentinel);
      }
      currentGrid = el("div", "grid");
      root.insertBefore(currentGrid, sentinel);
    } else {
      currentGrid.appendChild(makeCard(item.run));
      done++;
    }
  }
}
/* Cards are made lazily: make sure the one at this position of CURRENT exists. */
function ensureRendered(index) {
  while (!cardsById[CURRENT[index].id] && queued < queue.length) renderMore(CHUNK);
  return cardsById[CURRENT[index].id];
}
function columnsOf(card) {
  var top = card.offsetTop, cols = 0, c = card.parentNode.firstChild;
  while (c && c.offsetTop === c.parentNode.firstChild.offsetTop) { cols++; c = c.nextSibling; }
  return Math.max(1, cols);
}
function moveFocus(delta) {
  if (!CURRENT.length) return;
  var card, index = focusIndex < 0 ? 0 : focusIndex;
  if (focusIndex >= 0 && (delta === "up" || delta === "down")) {
    var cols = columnsOf(ensureRendered(focusIndex));
    index = focusIndex + (delta === "up" ? -cols : cols);
  } else if (focusIndex >= 0) index = focusIndex + delta;
  index = Math.max(0, Math.min(CURRENT.length - 1, index));
  if (focusIndex >= 0 && cardsById[CURRENT[focusIndex].id]) cardsById[CURRENT[focusIndex].id].classList.remove("focus");
  focusIndex = index;
  card = ensureRendered(index);
  card.classList.add("focus");
  card.focus({ preventScroll: true });
  card.scrollIntoView({ block: "nearest" });
}
`;
