/**
 * The layers of AGENTS.md, checked on the import graph of src/: bin → cli → commands → core, with
 * ui beside commands; no command imports another command (commands/sweep is the layer batch and
 * shots share, commands/analysis-shared the one report and the contact sheet share); the simulator
 * is a separate program.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoFile } from "../../helpers/workflows.js";

const SRC = repoFile("src");

/** Every .ts file under src/, as a path relative to src/ with forward slashes. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path.relative(SRC, full).split(path.sep).join("/")] : [];
  });
}

const SPECIFIERS = [
  /\b(?:import|export)\s+(?:type\s+)?[^;"'`]*?\bfrom\s*["']([^"']+)["']/g,
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  /^\s*import\s+["']([^"']+)["']/gm,
];

/** The import and export-from specifiers of a source text. */
function importSpecifiers(text: string): string[] {
  return SPECIFIERS.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] as string));
}

interface Edge {
  readonly from: string;
  /** src-relative .ts path for a relative import, else the package name. */
  readonly to: string;
  readonly local: boolean;
}

const TEXTS = new Map(sourceFiles().map((file) => [file, readFileSync(path.join(SRC, file), "utf8")]));

function edges(): Edge[] {
  return [...TEXTS].flatMap(([file, text]) =>
    importSpecifiers(text).map((specifier) => {
      if (!specifier.startsWith(".")) return { from: file, to: specifier.replace(/^node:/, "node:"), local: false };
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, ".ts");
      return { from: file, to: resolved, local: true };
    }),
  );
}

/** "core", "ui", "cli", "bin", "sim", "page", "demo", "commands" (root files) or "commands/<name>". */
function area(file: string): string {
  const [top, second] = file.split("/");
  if (top === "commands" && second !== undefined && !second.endsWith(".ts")) return `commands/${second}`;
  return top ?? "";
}

/** Folders of code several commands share (not commands themselves). */
const SHARED_COMMAND_LAYERS = new Set(["commands/sweep", "commands/analysis-shared"]);
const SIM_MAY_USE = [/^core\/json\//, /^core\/text\//, /^core\/comfy\/object-info\.ts$/];
/** The contact sheet's browser script (bundled into the page): the page data's types and pure core modules (its tsconfig has no Node). */
const PAGE_MAY_USE = [/^commands\/contact-sheet\/page-data-types\.ts$/, /^core\//];
const CORE_NEVER_LOADS = new Set(["chalk", "ora", "commander"]);

/** Why this import breaks a layer rule, or undefined when it is allowed. */
function violation(edge: Edge): string | undefined {
  const from = area(edge.from);
  if (!edge.local) {
    if (from === "core" && CORE_NEVER_LOADS.has(edge.to)) return "core never loads terminal or flag packages";
    return undefined;
  }
  const to = area(edge.to);
  if (from === to) return undefined;
  if (to === "bin" || to === "demo") return "nothing imports an entry point";
  if (to === "sim" && from !== "bin" && from !== "demo") return "only cr-sim and the demo use the simulator";
  if (to === "page") return "the page script is bundled, never imported";
  switch (from) {
    case "core":
      return "core imports only core";
    case "ui":
      return to === "core" ? undefined : "ui imports only core";
    case "sim":
      return SIM_MAY_USE.some((allowed) => allowed.test(edge.to)) ? undefined : "sim may use only core/json, core/text and core/comfy/object-info";
    case "page":
      return PAGE_MAY_USE.some((allowed) => allowed.test(edge.to))
        ? undefined
        : "the page script runs in a browser: it imports only itself, the page data's types and pure core modules";
    case "cli":
      return ["core", "ui", "commands"].includes(to) || to.startsWith("commands/") ? undefined : "cli imports only commands, ui and core";
    case "bin":
    case "demo":
      return undefined;
    default: {
      if (from !== "commands" && !from.startsWith("commands/")) return `${from} is not a known layer: add its rule here and in AGENTS.md`;
      if (to === "core" || to === "ui" || to === "commands") return undefined;
      if (SHARED_COMMAND_LAYERS.has(to) && !SHARED_COMMAND_LAYERS.has(from)) return undefined;
      if (to.startsWith("commands/")) return `a command imports another command (${from} → ${to})`;
      return "commands import only core, ui and the shared commands layer";
    }
  }
}

describe("the import graph of src/", () => {
  const graph = edges();

  it("reads the imports of every file (multi-line, type-only, export-from, dynamic)", () => {
    expect(
      importSpecifiers(
        'import {\n  a,\n  b,\n} from "./x.js";\nimport type { T } from "../y.js";\nexport { z } from "./z.js";\nconst m = await import("../m.js");\nimport "./side.js";',
      ),
    ).toEqual(["./x.js", "../y.js", "./z.js", "../m.js", "./side.js"]);
    expect(graph.length).toBeGreaterThan(500);
    expect(graph).toContainEqual({ from: "bin/cr-batch.ts", to: "cli/batch.ts", local: true });
  });

  it("keeps every layer rule: no import between command folders, none upward", () => {
    const broken = graph.flatMap((edge) => {
      const why = violation(edge);
      return why ? [`${edge.from} → ${edge.to}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it("finds the imports the rules forbid", () => {
    const cases: [string, string][] = [
      ["commands/shots/index.ts", "commands/batch/prepare.ts"],
      ["commands/sweep/execute.ts", "commands/batch/view.ts"],
      ["commands/batch/view.ts", "commands/run/live-view.ts"],
      ["core/plan/build.ts", "commands/sweep/prepare.ts"],
      ["core/batch/engine.ts", "ui/ui.ts"],
      ["commands/run/index.ts", "cli/main.ts"],
      ["ui/ui.ts", "commands/context.ts"],
      ["sim/index.ts", "core/config/load.ts"],
      ["cli/batch.ts", "bin/cr-batch.ts"],
      ["page/grid.ts", "commands/contact-sheet/index.ts"],
      ["commands/contact-sheet/html.ts", "page/main.ts"],
      ["scripts/x.ts", "core/errors.ts"],
    ];
    for (const [from, to] of cases) expect(violation({ from, to, local: true }), `${from} → ${to}`).toBeDefined();
    expect(violation({ from: "core/comfy/http.ts", to: "chalk", local: false })).toBeDefined();
    expect(violation({ from: "commands/shots/index.ts", to: "commands/sweep/prepare.ts", local: true })).toBeUndefined();
    expect(violation({ from: "sim/index.ts", to: "core/json/lossless.ts", local: true })).toBeUndefined();
    expect(violation({ from: "page/data.ts", to: "commands/contact-sheet/page-data-types.ts", local: true })).toBeUndefined();
  });

  it("calls runMain only from src/bin", () => {
    const callers = [...TEXTS].filter(([file, text]) => /\brunMain\(/.test(text) && file !== "cli/main.ts").map(([file]) => file);
    expect(callers.length).toBeGreaterThan(0);
    expect(callers.filter((file) => !file.startsWith("bin/"))).toEqual([]);
  });
});
