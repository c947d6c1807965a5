/** The stylesheet of the score parts of the page (src/page/scores.ts): flag badges, the colour scale, the filters. */
export const SCORE_CSS = `
.thumb .flags{position:absolute;top:6px;left:6px;right:6px;display:flex;flex-wrap:wrap;gap:3px;pointer-events:none}
.flag{display:inline-block;padding:0 6px;border-radius:4px;font-size:11px;font-weight:700;line-height:17px;letter-spacing:.03em;text-transform:uppercase;color:#fff;background:#7a5af5;box-shadow:0 1px 3px rgba(0,0,0,.6)}
.flag.severe{background:#e5484d}.flag.warn{background:#f08c28;color:#1c1000}.flag.mild{background:#e2c044;color:#1f1800}.flag.unscored{background:#4b5263}
.card.scaled{border-left:5px solid var(--scale)}
.scale{display:flex;align-items:center;gap:6px;margin-top:6px;font-size:12px;color:var(--muted)}
.scale-value{padding:0 6px;border-radius:4px;font-weight:600;color:#fff;background:#4b5263}
#filters details{margin-top:14px}
#filters summary{cursor:pointer;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
#filters .range-name{font-size:12px;margin:6px 0 2px}
#player .flags-inline{display:flex;flex-wrap:wrap;gap:4px;margin:6px 0}
`;
