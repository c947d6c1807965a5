/**
 * The cli layer as a table: argv → the options a command receives, and flag errors → exit 2 with
 * commander's message (reportError is what runMain calls on them).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseAnalyzeArgs } from "../../../src/cli/analyze-flags.js";
import { parseBatchArgs } from "../../../src/cli/batch.js";
import { parseContactSheetArgs } from "../../../src/cli/contact-sheet.js";
import { reportError } from "../../../src/cli/main.js";
import { parseRefineArgs } from "../../../src/cli/refine.js";
import { parseReportArgs } from "../../../src/cli/report.js";
import { parseRunArgs } from "../../../src/cli/run.js";
import { defaultJobs, parseScoreArgs } from "../../../src/cli/score.js";
import { parseShotsArgs } from "../../../src/cli/shots.js";

const PARSERS = {
  "cr-run": parseRunArgs,
  "cr-analyze": parseAnalyzeArgs,
  "cr-batch": parseBatchArgs,
  "cr-shots": parseShotsArgs,
  "cr-contact-sheet": parseContactSheetArgs,
  "cr-report": parseReportArgs,
  "cr-refine": parseRefineArgs,
  "cr-score": parseScoreArgs,
} as const;
type Bin = keyof typeof PARSERS;

const saved = { url: process.env["COMFYUI_URL"], token: process.env["COMFYUI_TOKEN"] };
beforeEach(() => {
  delete process.env["COMFYUI_URL"];
  delete process.env["COMFYUI_TOKEN"];
});
afterEach(() => {
  if (saved.url !== undefined) process.env["COMFYUI_URL"] = saved.url;
  if (saved.token !== undefined) process.env["COMFYUI_TOKEN"] = saved.token;
  vi.restoreAllMocks();
});

const LOCAL = { url: "http://127.0.0.1:8190", headers: {} };
const SWEEP_DEFAULTS = {
  servers: [],
  headers: [],
  allowLarge: false,
  forceNew: false,
  force: false,
  retryFailed: false,
  extend: false,
  skipModelCheck: false,
  allowDuplicates: false,
};

const parsed: [Bin, string[], unknown][] = [
  [
    "cr-run",
    ["wf.json", "--server", "127.0.0.1:8190", "--set", "nodes.3.inputs.steps=30", "--set", "nodes.3.inputs.cfg=2", "--timeout", "45m"],
    {
      json: false,
      options: {
        workflowFile: "wf.json",
        server: LOCAL,
        outDir: "output",
        sets: ["nodes.3.inputs.steps=30", "nodes.3.inputs.cfg=2"],
        timeoutSeconds: 2700,
        idleTimeoutSeconds: 1800,
        includeTemp: false,
        download: true,
      },
    },
  ],
  [
    "cr-run",
    ["wf.json", "-s", "127.0.0.1:8190", "--no-download", "--json", "-o", "out", "--idle-timeout", "90s"],
    { json: true, options: expect.objectContaining({ outDir: "out", download: false, idleTimeoutSeconds: 90 }) },
  ],
  [
    "cr-run",
    ["wf.json", "-H", "Authorization: Bearer x", "-s", "gpu:8188"],
    { json: false, options: expect.objectContaining({ server: { url: "http://gpu:8188", headers: { authorization: "Bearer x" } } }) },
  ],
  ["cr-batch", ["c.yaml"], { json: false, dryRun: false, options: { configFile: "c.yaml", ...SWEEP_DEFAULTS } }],
  [
    "cr-batch",
    ["c.yaml", "--server", "a:1", "--server", "b:2", "--resume", "output/b", "--retry-failed", "--seed", "42", "-y", "--allow-duplicates"],
    {
      json: false,
      dryRun: false,
      options: {
        configFile: "c.yaml",
        ...SWEEP_DEFAULTS,
        servers: ["a:1", "b:2"],
        resumeDir: "output/b",
        retryFailed: true,
        seed: 42,
        allowLarge: true,
        allowDuplicates: true,
      },
    },
  ],
  [
    "cr-batch",
    ["c.yaml", "--dry-run", "--run-time", "5m", "--run-size", "1.5GB", "--object-info", "oi.json", "--json"],
    {
      json: true,
      dryRun: true,
      options: {
        configFile: "c.yaml",
        json: true,
        allowLarge: false,
        objectInfoFile: "oi.json",
        estimate: { secondsPerRun: 300, bytesPerRun: 1.5 * 1024 ** 3 },
      },
    },
  ],
  [
    "cr-batch",
    ["c.yaml", "--dry-run", "-s", "127.0.0.1:8190"],
    { json: false, dryRun: true, options: expect.objectContaining({ server: LOCAL, estimate: {} }) },
  ],
  [
    "cr-shots",
    ["s.yaml", "--only", "beach", "--only", "forest", "--order", "point-major", "--dry-run", "--skip-incomplete"],
    { json: false, options: { configFile: "s.yaml", ...SWEEP_DEFAULTS, only: ["beach", "forest"], order: "point-major", skipIncomplete: true, dryRun: true } },
  ],
  [
    "cr-shots",
    ["s.yaml", "--new", "--force", "--extend", "--skip-model-check"],
    { json: false, options: expect.objectContaining({ forceNew: true, force: true, extend: true, skipModelCheck: true, only: [], dryRun: false }) },
  ],
  ["cr-shots", ["s.yaml", "--budget", "1h30m"], { json: false, options: expect.objectContaining({ timeBox: { budgetMs: 90 * 60_000 } }) }],
  [
    "cr-batch",
    ["c.yaml", "--until", "2099-01-01T07:00Z"],
    { json: false, dryRun: false, options: expect.objectContaining({ timeBox: { untilMs: Date.UTC(2099, 0, 1, 7) } }) },
  ],
  ["cr-analyze", ["--list-sampler-groups"], { listSamplerGroups: true }],
  [
    "cr-analyze",
    ["wf.json", "--template", "all", "--object-info", "oi.json", "-s", "127.0.0.1:8190"],
    {
      listSamplerGroups: false,
      options: expect.objectContaining({
        workflowFile: "wf.json",
        template: "all",
        objectInfoFile: "oi.json",
        server: undefined,
        serverAddress: "127.0.0.1:8190",
        force: false,
        print: false,
        json: false,
      }),
    },
  ],
  [
    "cr-analyze",
    ["wf.json", "-s", "127.0.0.1:8190", "--print", "-f", "-o", "c.yaml"],
    { listSamplerGroups: false, options: expect.objectContaining({ server: LOCAL, print: true, force: true, output: "c.yaml" }) },
  ],
  ["cr-contact-sheet", ["out/b"], { batchDir: "out/b", flags: { previews: true, serve: false, port: 8765, open: false, json: false } }],
  [
    "cr-contact-sheet",
    ["out/b", "--serve", "--port", "0", "-j", "3", "--no-previews", "-o", "p.html"],
    { batchDir: "out/b", flags: expect.objectContaining({ serve: true, port: 0, jobs: 3, previews: false, out: "p.html" }) },
  ],
  [
    "cr-contact-sheet",
    ["out/b", "--export-video", "g.mp4", "--rows", "cfg", "--cols", "steps", "--where", "seed=1", "--max-size", "1280", "--max-mb", "8", "--force"],
    {
      batchDir: "out/b",
      flags: expect.objectContaining({ exportVideo: "g.mp4", rows: "cfg", cols: "steps", where: ["seed=1"], maxSize: 1280, maxMb: 8, force: true }),
    },
  ],
  ["cr-contact-sheet", ["out/b", "--export-video", "g.mp4", "--runs", "3,7"], { batchDir: "out/b", flags: expect.objectContaining({ runs: [3, 7] }) }],
  ["cr-report", ["out/b"], { batchDirs: ["out/b"], target: undefined, top: 5, json: false }],
  [
    "cr-report",
    ["out/a", "out/b", "--target", "score:-blur", "--no-exclude-flagged", "--top", "3", "--json"],
    { batchDirs: ["out/a", "out/b"], target: "score:-blur", excludeFlagged: false, top: 3, json: true },
  ],
  ["cr-report", ["out/b", "--exclude-flagged"], { batchDirs: ["out/b"], target: undefined, excludeFlagged: true, top: 5, json: false }],
  ["cr-score", ["out/b"], { json: false, options: { target: "out/b", force: false, jobs: defaultJobs(), judge: false } }],
  ["cr-score", ["clip.mp4", "--json", "--force", "-j", "3"], { json: true, options: { target: "clip.mp4", force: true, jobs: 3, judge: false } }],
  [
    "cr-score",
    ["out/b", "--config", "s.yaml", "--judge"],
    { json: false, options: { target: "out/b", force: false, jobs: defaultJobs(), judge: true, configFile: "s.yaml" } },
  ],
  ["cr-refine", ["out/b", "-o", "next.yaml"], { batchDirs: ["out/b"], output: "next.yaml", target: undefined, force: false }],
  [
    "cr-refine",
    ["out/a", "out/b", "-o", "n.yaml", "--target", "score:-blur", "--strategy", "tpe", "--runs", "16", "--force", "--object-info", "oi.json"],
    { batchDirs: ["out/a", "out/b"], output: "n.yaml", target: "score:-blur", strategy: "tpe", runs: 16, force: true, objectInfoFile: "oi.json" },
  ],
];

describe("argv → options", () => {
  it.each(parsed)("%s %j", (bin, argv, expected) => {
    expect(PARSERS[bin](argv)).toEqual(expected);
  });
});

const refused: [Bin, string[], RegExp][] = [
  ["cr-run", [], /missing required argument 'workflow\.json'/],
  ["cr-run", ["wf.json", "--timeout", "soon"], /--timeout <duration>' argument 'soon' is invalid\. expected a duration such as 90, 90s, 15m or 2h/],
  ["cr-run", ["wf.json", "--bogus"], /unknown option '--bogus'/],
  ["cr-batch", ["c.yaml", "--seed", "1.5"], /argument '1\.5' is invalid\. expected a whole number from 0 to 2\^53-1/],
  ["cr-batch", ["c.yaml", "--dry-run", "--run-size", "lots"], /expected a size such as 800KB, 30MB or 1\.5GB/],
  ["cr-batch", [], /missing required argument 'config\.yaml'/],
  ["cr-batch", ["c.yaml", "--until", "7am"], /--until <time>' argument '7am' is invalid\. expected a time such as 07:00/],
  [
    "cr-shots",
    ["s.yaml", "--budget", "all night"],
    /--budget <duration>' argument 'all night' is invalid\. expected a length of time such as 90m, 8h or 1h30m/,
  ],
  ["cr-shots", ["s.yaml", "--order", "random"], /Allowed choices are shot-major, point-major/],
  ["cr-analyze", [], /missing required argument 'workflow\.json'/],
  ["cr-analyze", ["wf.json", "--template", "nope"], /--template must be one of seed-mining, sampler-surfing, parameter-search, all \(got "nope"\)/],
  ["cr-contact-sheet", ["out/b", "--port", "70000"], /expected a port number \(0–65535\)/],
  ["cr-contact-sheet", ["out/b", "-j", "0"], /expected a whole number of at least 1/],
  ["cr-contact-sheet", ["out/b", "--rows", "cfg"], /--rows needs --export-video <file>/],
  ["cr-contact-sheet", ["out/b", "--export-video", "g.mp4"], /--export-video needs --rows <param> and\/or --cols <param>, or --runs <ids>/],
  [
    "cr-contact-sheet",
    ["out/b", "--export-video", "g.mp4", "--runs", "1", "--rows", "cfg"],
    /option '--runs <ids>' cannot be used with option '--rows <param>'/,
  ],
  ["cr-contact-sheet", ["out/b", "--export-video", "g.mp4", "--rows", "cfg", "--serve"], /cannot be used with option '--serve'/],
  ["cr-contact-sheet", ["out/b", "--export-video", "g.mp4", "--runs", "1", "--max-mb", "0"], /expected a size in MB greater than 0/],
  ["cr-report", [], /missing required argument 'batch-dir'/],
  ["cr-report", ["out/b", "--top", "0"], /expected a whole number of at least 1/],
  ["cr-refine", ["out/b"], /required option '-o, --output <file>' not specified/],
  ["cr-refine", ["out/b", "-o", "n.yaml", "--strategy", "grid"], /Allowed choices are sobol, tpe/],
  ["cr-refine", ["out/b", "-o", "n.yaml", "--runs", "0"], /expected a whole number of at least 1/],
  ["cr-score", [], /missing required argument 'batch-dir\|file'/],
  ["cr-score", ["out/b", "--jobs", "0"], /expected a whole number of at least 1/],
];

describe("flag errors", () => {
  it.each(refused)("%s %j → exit 2", (bin, argv, message) => {
    let printed = "";
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
    let error: unknown;
    try {
      PARSERS[bin](argv);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeDefined();
    expect(reportError(error, (text) => (printed += text))).toBe(2);
    expect(printed).toMatch(message);
    expect(printed).toMatch(/add --help for usage and examples/);
  });
});
