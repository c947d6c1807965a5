/**
 * The pivot view's "video command" button: the `cr-contact-sheet --export-video` command that
 * makes an MP4 of the grid on screen (the same rows, columns and selector choices), to copy and run
 * beside the batch folder. The sheet's other filters (search, ratings, checkboxes) are not part of it.
 */
import { DATA, type PageRun, type PageValue } from "./data.js";
import { el, setStatus } from "./dom.js";
import { axisBuckets, compareValues, keyOf, num, type Field } from "./fields.js";

export interface PivotChoice {
  readonly x: string;
  readonly y: string;
  readonly pick: Readonly<Record<string, string>>;
}

let open = false;

/** The button and, when open, the command for this pivot; `shown` is the sheet's filtered runs, `axes` the pivot's fields. */
export function exportVideoControl(pivot: PivotChoice, axes: readonly Field[], shown: readonly PageRun[]): HTMLElement {
  const wrap = el("span", "pivot-video");
  const button = el("button", open ? "on" : null, "▶ video command");
  button.id = "pivot-video";
  button.title = "The command that makes one MP4 of this grid, labelled with the values";
  wrap.appendChild(button);
  const box = el("div");
  box.id = "pivot-video-box";
  box.hidden = !open;
  box.style.flexBasis = "100%";
  const cmd = el("pre", null, exportVideoCommand(pivot, axes, shown));
  cmd.id = "pivot-video-cmd";
  cmd.style.whiteSpace = "pre-wrap";
  cmd.style.margin = "4px 0";
  const copy = el("button", null, "Copy");
  copy.onclick = () => copyText(cmd);
  box.append(cmd, copy, el("span", "sub", ` Run it from the folder that holds ${DATA.batch.name}; each tile shows the first completed run of its cell.`));
  button.onclick = () => {
    open = !open;
    box.hidden = !open;
    button.classList.toggle("on", open);
  };
  const holder = el("span");
  holder.style.display = "contents";
  holder.append(wrap, box);
  return holder;
}

export function exportVideoCommand(pivot: PivotChoice, axes: readonly Field[], shown: readonly PageRun[]): string {
  const rows = paramOf(pivot.y);
  const cols = paramOf(pivot.x);
  const parts = ["cr-contact-sheet", shellQuote(DATA.batch.name), "--export-video", shellQuote(fileName(rows, cols))];
  if (rows) parts.push("--rows", shellQuote(rows));
  if (cols) parts.push("--cols", shellQuote(cols));
  // The selectors narrow the runs one after another, as renderPivot applies them.
  let list = shown;
  for (const f of axes) {
    const pick = pivot.pick[f.key];
    if (!pick || f.key === pivot.x || f.key === pivot.y) continue;
    const bucket = axisBuckets(f, list)[Number(pick)];
    if (!bucket) continue;
    list = list.filter(bucket.test);
    const where = whereOf(f, list);
    if (where) parts.push("--where", shellQuote(where));
  }
  return parts.join(" ");
}

/** `name=value` for one value, `name=low..high` for a numeric range: the same runs the bucket holds. */
function whereOf(field: Field, runs: readonly PageRun[]): string | undefined {
  const name = paramOf(field.key);
  if (!name) return undefined;
  const values = new Map<string, PageValue>();
  for (const r of runs) values.set(keyOf(field.get(r)), field.get(r));
  const sorted = [...values.values()].sort((a, b) => compareValues(a, b, field.numeric));
  if (sorted.length === 1) return `${name}=${sorted[0] === null || sorted[0] === undefined ? "" : String(sorted[0])}`;
  const nums = sorted.map(num).filter((n) => !Number.isNaN(n));
  return nums.length > 0 ? `${name}=${Math.min(...nums)}..${Math.max(...nums)}` : undefined;
}

/** "p:cfg" → "cfg", "shot" → "shot"; other fields are not parameters. */
function paramOf(key: string): string {
  if (key === "shot") return key;
  return key.startsWith("p:") ? key.slice(2) : "";
}

function fileName(rows: string, cols: string): string {
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9_.-]+/g, "_").slice(0, 40);
  return `grid${rows ? `_${safe(rows)}` : ""}${cols ? `${rows ? "_by" : ""}_${safe(cols)}` : ""}.mp4`;
}

/** One argument for a POSIX shell (src/ui/shell-quote.ts is not reachable from the page bundle). */
function shellQuote(arg: string): string {
  return arg !== "" && /^[A-Za-z0-9_\-.,:/=+@%]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

function copyText(node: HTMLElement): void {
  const select = (): void => {
    const range = document.createRange();
    range.selectNodeContents(node);
    window.getSelection()?.removeAllRanges();
    window.getSelection()?.addRange(range);
    setStatus("command selected: press Ctrl+C");
  };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(node.textContent ?? "").then(() => setStatus("command copied"), select);
  else select();
}
