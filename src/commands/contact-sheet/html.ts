/**
 * The contact sheet as one self-contained HTML file: inline CSS and JS, no CDN, works from file://.
 * Data goes in a `<script type="application/json">` block (see embed.ts); the one script runs
 * under a CSP nonce, so even markup that slipped through could not run script or event handlers.
 * The script is src/page (TypeScript, checked by src/page/tsconfig.json), bundled into
 * page-bundle.generated.ts by scripts/bundle-page.mjs.
 */
import { randomBytes } from "node:crypto";
import { escapeHtml, jsonForScript } from "./embed.js";
import { INSIGHTS_CSS } from "./insights-css.js";
import { PAGE_CSS } from "./page-css.js";
import { SCORE_CSS } from "./page-css-scores.js";
import type { PageData } from "./page-data.js";
import { PAGE_JS } from "./page-bundle.generated.js";

export function renderHtml(data: PageData): string {
  const nonce = randomBytes(16).toString("base64");
  const csp = `script-src 'nonce-${nonce}'; object-src 'none'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="cr-contact-sheet">
<link rel="icon" href="data:,">
<title>${escapeHtml(data.batch.name)} · contact sheet</title>
<style>${PAGE_CSS}${SCORE_CSS}${INSIGHTS_CSS}</style>
</head>
<body>
<header>
  <h1 id="title"></h1>
  <div class="sub" id="summary"></div>
  <div class="note" id="note" hidden></div>
  <div class="fixed" id="fixed"></div>
</header>
<div id="toolbar">
  <button id="view-grid" class="on">Grid</button><button id="view-pivot">Pivot</button><button id="view-insights">Insights</button>
  <select id="shot" hidden aria-label="shot"></select><button id="shot-x" hidden>Shot × parameter</button>
  <input id="search" type="search" placeholder="Search  ( / )" aria-label="search">
  <label>Sort <select id="sort"></select></label><button id="sort-dir">↑ asc</button>
  <label>Group <select id="group"></select></label>
  <label>Hover <select id="hover"><option value="scrub">scrub</option><option value="play">play</option></select></label>
  <label>Size <input id="size" type="range" min="160" max="520" value="260"></label>
  <span class="grow"></span><span id="count"></span>
  <button id="toggle-filters">Filters</button>
  <button id="help-btn" title="keyboard shortcuts">?</button>
</div>
<div id="layout">
  <aside id="filters"></aside>
  <main id="content"><div id="grid"></div><div id="pivot" hidden></div><div id="insights" hidden></div></main>
</div>
<div id="player" role="dialog" aria-modal="true"></div>
<div id="help"><b>Keys</b><br><kbd>←</kbd><kbd>→</kbd><kbd>↑</kbd><kbd>↓</kbd> move · <kbd>Enter</kbd> open · <kbd>Esc</kbd> close<br><kbd>0</kbd>–<kbd>5</kbd> stars · <kbd>x</kbd> reject · <kbd>c</kbd> copy command<br><kbd>/</kbd> search · <kbd>p</kbd> grid/pivot · <kbd>?</kbd> this help</div>
<div id="status"></div>
<script type="application/json" id="sheet-data">${jsonForScript(data)}</script>
<script nonce="${nonce}">${PAGE_JS}</script>
</body>
</html>
`;
}
