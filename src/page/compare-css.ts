/**
 * Compare mode's styles, added to the page when it starts (the page's CSP limits scripts only).
 * Sized for a 1366×768 laptop: the two clips share the width left of a 300 px ranking.
 */
const CSS = `
#compare{position:fixed;inset:0;z-index:25;background:var(--bg);display:flex;flex-direction:column;padding:8px 12px;gap:6px}
#compare .cmp-head{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
#compare .cmp-head .grow{flex:1}#compare .cmp-head input[type=number]{width:56px}
#compare .cmp-head label{color:var(--muted);font-size:12px;display:inline-flex;gap:4px;align-items:center}
#compare .cmp-main{flex:1;min-height:0;display:flex;gap:12px}
#compare .cmp-stage{flex:1;min-width:0;display:flex;flex-direction:column;gap:6px}
#compare .cmp-pair{flex:1;min-height:0;display:flex;gap:10px}
#compare .cmp-pane{flex:1;min-width:0;display:flex;flex-direction:column;gap:4px}
#compare .cmp-pane .kv{flex:none;max-height:30%;overflow:auto}
#compare .cmp-media{flex:1 1 auto;min-height:160px;background:#000;border-radius:8px;overflow:hidden;cursor:pointer;border:2px solid transparent}
#compare .cmp-media:hover{border-color:var(--accent)}
#compare .cmp-media video,#compare .cmp-media img{width:100%;height:100%;object-fit:contain;display:block}
#compare .cmp-title{display:flex;gap:8px;align-items:center}#compare .cmp-title .stars{color:var(--warn);font-size:12px}
#compare .chip.differs{background:#3a2f12;border-color:var(--warn);color:#ffe3a3}
#compare .cmp-controls,#compare .cmp-choices{display:flex;gap:8px;align-items:center;justify-content:center;flex-wrap:wrap}
#compare #compare-seek{flex:1;max-width:520px}
#compare .cmp-choices button{min-width:96px}
#compare .cmp-side{width:300px;flex:none;overflow:auto;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:8px}
#compare .cmp-stop{font-size:13px;padding:6px 8px;border-radius:6px;background:#2a2416;color:#f5d99a;margin-bottom:6px}
#compare .cmp-stop.done{background:#16301f;color:#9be3b4}
#compare .cmp-rank-list{list-style:none;margin:0;padding:0;font-size:12px}
#compare .cmp-row{display:grid;grid-template-columns:24px 70px 1fr;gap:6px;align-items:center;padding:1px 0}
#compare .cmp-row.cut{border-bottom:2px dashed var(--good);padding-bottom:3px;margin-bottom:3px}
#compare .cmp-row.rejected{opacity:.45}
#compare .cmp-row .n{color:var(--muted);text-align:right}#compare .cmp-row .name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#compare .cmp-row .bar{position:relative;height:10px}
#compare .cmp-row .bar i{position:absolute;top:4px;height:2px;background:var(--accent)}
#compare .cmp-row .bar b{position:absolute;top:1px;width:8px;height:8px;margin-left:-4px;border-radius:50%;background:var(--text)}
`;

export function injectCompareCss(): void {
  const style = document.createElement("style");
  style.textContent = CSS;
  document.head.appendChild(style);
}
