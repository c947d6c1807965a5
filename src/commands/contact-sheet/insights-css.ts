/** The Insights view's styles (its SVG charts use these classes; colours from page-css.ts's variables). */
export const INSIGHTS_CSS = `
#insights{max-width:1100px}
.insights-empty{margin:40px auto;max-width:560px;padding:18px 22px;border:1px dashed var(--line);border-radius:10px;color:var(--muted);text-align:center;font-size:15px}
.insights-head{display:flex;flex-wrap:wrap;gap:8px;align-items:baseline;margin-bottom:6px}
.insights-head label{color:var(--muted);font-size:13px}
.insights-noise{flex-basis:100%;font-size:13px;padding:4px 10px;border-left:3px solid #5b6b8c;background:#161b27}
.insights-noise.noise-unknown,.insights-noise.noise-residual{border-left-color:var(--warn)}
.insights-outdated{flex-basis:100%;font-size:13px;padding:4px 10px;border-left:3px solid var(--warn);background:#2a2416;color:#f5d99a}
.insights-section{margin-top:22px}
.insights-section h3{font-size:15px;margin:0 0 2px}
.insights-section>.sub{margin-bottom:8px}
.insights-cards{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
.insights-card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:8px 10px;margin:6px 0}
.insights-card h4{margin:0 0 4px;font-size:13px;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;max-width:340px}
svg.chart{display:block;max-width:100%;height:auto;font-size:11px}
svg.chart text{fill:var(--text)}
svg.chart .tick,svg.chart .axis-title{fill:var(--muted)}
svg.chart .grid-line{stroke:#232838;stroke-width:1}
svg.chart .noise-band{fill:#8d95a5;fill-opacity:.18}
svg.chart .bar{fill:var(--accent)}
svg.chart .within-noise .bar{fill:#4b5263}
svg.chart .within-noise .name{fill:var(--muted)}
svg.chart .whisker{stroke:var(--text);stroke-width:1.3;fill:none}
svg.chart .value{fill:var(--muted)}
svg.chart .mean-line{stroke:#8d95a5;stroke-dasharray:3 3}
svg.chart .level-line{stroke:var(--accent);fill:none;stroke-width:1.5}
svg.chart .dot{fill:var(--accent)}
svg.chart .pt{fill:#5b6b8c;fill-opacity:.7;cursor:pointer}
svg.chart .pt.front{fill:var(--good);fill-opacity:1}
svg.chart .pt:hover{stroke:var(--text)}
svg.chart .front-line{stroke:var(--good);fill:none;stroke-width:1.5}
svg.chart .cell-value{fill:#fff;font-weight:600;stroke:#0b1020;stroke-width:2px;paint-order:stroke}
table.insights-best{border-collapse:collapse;font-size:13px;width:100%}
table.insights-best th{color:var(--muted);font-weight:500;text-align:left;padding:3px 6px}
table.insights-best td{border-top:1px solid var(--line);padding:4px 6px;vertical-align:top}
table.insights-best td.run-link{color:var(--accent);cursor:pointer;white-space:nowrap}
table.insights-best code{font-size:12px;word-break:break-all}
`;
