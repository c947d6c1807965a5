/** The page's stylesheet (inline, no external fonts or CDN): a dark theme with clean cards. */
export const PAGE_CSS = `
:root{--bg:#0d0f14;--panel:#151821;--card:#181c26;--line:#262b38;--text:#e7e9ee;--muted:#8d95a5;--accent:#6ea8fe;--good:#49c47c;--bad:#f0616d;--warn:#f3b54a;--card-w:260px;color-scheme:dark}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
button,select,input{font:inherit;color:var(--text);background:#1d2230;border:1px solid var(--line);border-radius:6px;padding:4px 8px}
button{cursor:pointer}button:hover{border-color:var(--accent)}button.on{background:var(--accent);color:#0b1020;border-color:var(--accent)}
header{padding:16px 20px 8px}
h1{font-size:20px;margin:0 0 4px;font-weight:600}
.sub{color:var(--muted);font-size:13px}
.note{margin-top:8px;padding:6px 10px;border-left:3px solid var(--warn);background:#2a2416;color:#f5d99a;font-size:13px}
.fixed{display:flex;flex-wrap:wrap;gap:6px;margin-top:10px}
.chip{display:inline-flex;gap:4px;max-width:100%;padding:2px 8px;border-radius:999px;background:#1b2030;border:1px solid var(--line);font-size:12px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.chip b{color:var(--muted);font-weight:500}
#toolbar{position:sticky;top:0;z-index:5;display:flex;flex-wrap:wrap;gap:8px;align-items:center;padding:8px 20px;background:rgba(13,15,20,.94);backdrop-filter:blur(6px);border-bottom:1px solid var(--line)}
#toolbar label{color:var(--muted);font-size:12px;display:inline-flex;gap:4px;align-items:center}
#toolbar .grow{flex:1}
#search{width:200px}
#count{color:var(--muted);font-size:12px}
#layout{display:flex;align-items:flex-start}
#filters{width:230px;flex:none;padding:12px 14px;position:sticky;top:49px;max-height:calc(100vh - 49px);overflow:auto;border-right:1px solid var(--line)}
#filters.hidden{display:none}
#filters h3{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:14px 0 6px}
#filters label{display:flex;gap:6px;align-items:center;font-size:13px;padding:1px 0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#filters .range{display:flex;gap:4px}#filters .range input{width:50%}
#filters .export{display:block;width:100%;margin-bottom:6px;text-align:left}
#filters .n{color:var(--muted);margin-left:auto;font-size:11px}
#content{flex:1;min-width:0;padding:14px 20px 60px}
.group-head{margin:18px 0 8px;font-size:14px;color:var(--muted)}.group-head b{color:var(--text)}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(var(--card-w),1fr));gap:14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;overflow:hidden;cursor:pointer;transition:border-color .12s,transform .12s;outline:none}
.card:hover{border-color:#3a4257}.card:focus-visible,.card.focus{border-color:var(--accent);box-shadow:0 0 0 2px var(--accent)}
.card.rejected{opacity:.45}
.thumb{position:relative;aspect-ratio:16/9;background:#0a0c10;overflow:hidden}
.thumb img,.thumb video{width:100%;height:100%;object-fit:contain;display:block}
.thumb .strip{position:absolute;inset:0;overflow:hidden;display:none;background:#0a0c10}
.thumb .strip img{height:100%;max-width:none;width:auto;object-fit:fill}
.thumb.scrubbing .strip{display:block}
.thumb .bar{position:absolute;left:0;bottom:0;height:3px;background:var(--accent);width:0}
.thumb .none{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;color:var(--muted);font-size:12px;padding:12px;text-align:center}
.badge{position:absolute;top:8px;left:8px;padding:1px 7px;border-radius:4px;font-size:11px;font-weight:600;background:rgba(0,0,0,.65)}
.badge.failed{background:var(--bad);color:#fff}.badge.pending{background:#4b5263;color:#fff}
.dur{position:absolute;right:8px;bottom:8px;padding:0 5px;border-radius:3px;font-size:11px;background:rgba(0,0,0,.65)}
.meta{padding:8px 10px 10px}
.title{display:flex;align-items:center;gap:6px;font-weight:600}.title .shot{color:var(--muted);font-weight:400;font-size:12px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.title .stars{margin-left:auto;color:var(--warn);font-size:12px;letter-spacing:1px}
.kv{display:flex;flex-wrap:wrap;gap:4px;margin-top:6px}
.kv .chip{background:#1f2a44;border-color:#2c3b60}
.err{margin-top:6px;color:#ffb3ba;font-size:12px;max-height:3.6em;overflow:hidden;word-break:break-word}
#sentinel{height:1px}
.pivot-controls{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin-bottom:12px}
.pivot-controls label{color:var(--muted);font-size:12px;display:inline-flex;gap:4px;align-items:center}
table.pivot{border-collapse:separate;border-spacing:6px}
table.pivot th{color:var(--muted);font-weight:500;font-size:12px;padding:4px;text-align:center;max-width:200px;overflow:hidden;text-overflow:ellipsis}
table.pivot th.corner{color:var(--text)}
table.pivot td{vertical-align:top;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:4px;width:var(--card-w)}
.cell{display:flex;flex-wrap:wrap;gap:4px}
.cell .mini{position:relative;flex:1 1 45%;min-width:80px;aspect-ratio:16/9;background:#0a0c10;border-radius:4px;overflow:hidden;cursor:pointer;border:1px solid transparent}
.cell .mini:hover{border-color:var(--accent)}.cell .mini img,.cell .mini video{width:100%;height:100%;object-fit:contain}
.cell .mini span{position:absolute;left:3px;bottom:2px;font-size:10px;background:rgba(0,0,0,.6);padding:0 3px;border-radius:3px}
.cell.cycle .mini{flex-basis:100%}
.empty{color:var(--muted);font-size:12px;padding:8px;text-align:center}
#player{position:fixed;inset:0;z-index:20;background:rgba(5,6,9,.88);display:none;padding:24px}
#player.open{display:flex;gap:18px}
#player .stage{flex:1;min-width:0;display:flex;flex-direction:column;gap:8px}
#player .media{flex:1;min-height:0;display:flex;align-items:center;justify-content:center;background:#000;border-radius:10px;overflow:hidden}
#player .media video,#player .media img{width:100%;height:100%;object-fit:contain}
#player .side{width:380px;flex:none;background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:14px;overflow:auto}
#player h2{margin:0 0 4px;font-size:18px}
#player table{width:100%;border-collapse:collapse;font-size:13px;margin-top:8px}
#player td{padding:3px 4px;border-bottom:1px solid var(--line);vertical-align:top;word-break:break-word}
#player td:first-child{color:var(--muted);width:38%}
#player tr.varies td:last-child{color:var(--accent);font-weight:600}
#player pre{white-space:pre-wrap;word-break:break-all;background:#0b0d12;border:1px solid var(--line);border-radius:6px;padding:8px;font-size:12px;margin:6px 0}
#player .prompt{white-space:pre-wrap;font-size:13px;background:#0b0d12;border-radius:6px;padding:8px;margin:6px 0}
#player .nav{display:flex;gap:8px;align-items:center}
#player .outputs a{color:var(--accent);font-size:12px;display:block;word-break:break-all}
.rate{display:flex;gap:2px;align-items:center;margin:8px 0}
.rate button{border:none;background:none;font-size:20px;color:#4b5263;padding:0 2px}.rate button.lit{color:var(--warn)}
.rate .reject.lit{color:var(--bad)}
.section{margin-top:12px;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
#status{position:fixed;right:12px;bottom:10px;font-size:12px;color:var(--muted)}
#help{position:fixed;right:12px;bottom:30px;z-index:30;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 14px;display:none;font-size:13px}
#help.open{display:block}#help kbd{background:#262b38;border-radius:3px;padding:0 5px}
`;
