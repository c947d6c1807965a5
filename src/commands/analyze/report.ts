/** The terminal report: the candidates grouped by category, then the next command to run. */
import { showNodes, showProposal, showValue } from "./format.js";
import type { Analysis, Candidate, Category } from "./types.js";

const HEADINGS: Record<Category, string> = {
  sampling: "Sampling knobs",
  seed: "Seeds",
  conditioning: "Guidance and conditioning strengths",
  shape: "Expensive: size and length (commented out)",
  other: "Other options (commented out)",
  runtime: "Options that do not change the picture (commented out)",
  text: "Text (fixed)",
  file: "Files (fixed)",
};

/** The few styles the report uses; chalk provides them, identity functions do for plain text. */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

export interface ReportContext {
  readonly c: Paint;
  /** The config written, or undefined when it went to stdout. */
  readonly configShown: string | undefined;
}

export function reportLines(analysis: Analysis, ctx: ReportContext): string[] {
  const { c } = ctx;
  const active = analysis.candidates.filter((x) => x.proposed).length;
  const lines = [c.bold(`${analysis.source}: ${analysis.candidates.length} inputs found, ${active} varied by the config`)];
  for (const category of Object.keys(HEADINGS) as Category[]) {
    const group = analysis.candidates.filter((x) => x.category === category);
    if (group.length === 0) continue;
    lines.push("", c.bold(HEADINGS[category]), ...table(group, c));
  }
  if (analysis.unusedNodes.length > 0) {
    lines.push("", c.bold("Unused nodes (nothing they produce reaches an output)"));
    for (const n of analysis.unusedNodes) lines.push(`  ${n.nodeId} ${n.classType}${n.title && n.title !== n.classType ? ` "${n.title}"` : ""}`);
  }
  if (analysis.skipped.length > 0) {
    lines.push("", c.bold("Ignored"));
    for (const s of analysis.skipped) lines.push(`  ${s.path}: ${s.reason}`);
  }
  if (analysis.emptyReason) lines.push("", c.yellow(analysis.emptyReason));
  if (ctx.configShown) {
    lines.push("", `Config written to ${ctx.configShown}`, `Next: ${c.cyan(`cr-batch ${quoteArg(ctx.configShown)} --dry-run`)}`);
  }
  return lines;
}

function table(group: readonly Candidate[], c: Paint): string[] {
  const rows = group.map((x) => [x.proposed ? "●" : "○", x.name, showNodes(x), showValue(x.current, 32), showProposal(x)]);
  const widths = [1, 2, 3].map((i) => Math.min(40, Math.max(...rows.map((r) => (r[i] ?? "").length))));
  return rows.map((r) => {
    const [mark = "", ...cells] = r;
    const padded = cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell));
    return `  ${mark === "●" ? c.green(mark) : c.dim(mark)} ${padded.join("  ")}`.trimEnd();
  });
}

export function quoteArg(text: string): string {
  return /^[\w./@:+-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
