// Bundles binaries after tsc: each listed dist/bin/cr-*.js becomes one small entry plus shared
// chunks in dist/bin/chunks/, so a cold start reads a few files instead of ~70 modules and
// their package.json lookups. Dynamic imports stay separate chunks: --help, --server and the
// terminal UI load only when used. The sources and the tsc output elsewhere in dist/ are untouched.
// NO_MINIFY=1 keeps the names readable, for a CPU profile (node --cpu-prof dist/bin/cr-analyze.cjs …).
import { execFileSync } from "node:child_process";
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const binDir = path.join(root, "dist", "bin");
const staging = path.join(root, "dist", ".bundle");
// Two builds, so that the chunk cr-analyze starts from holds only what it runs. cr-analyze has a
// start-time target (bench/analyze-cold-start.ts), so it is CommonJS (dist/bin/cr-analyze.cjs, named
// in package.json): Node 20 starts a CommonJS entry ~10 ms sooner than an ES module, and require()
// of node:fs does not load fs/promises and streams as the ES module facade does. Bundled, the
// others answer --help sooner too.
const START_CHUNK = "analyze-start";
const BUILDS = [
  { bins: ["cr-analyze"], format: "cjs", extension: "cjs", groups: [{ name: START_CHUNK, test: analyzeStart() }] },
  { bins: ["cr-run", "cr-batch", "cr-shots", "cr-contact-sheet", "cr-refine", "cr-report", "cr-score", "cr-sim"], format: "esm", extension: "js", groups: [] },
];
// Left to node_modules: sobol reads its direction numbers from files next to its own module.
const EXTERNAL = [/^node:/, "sobol"];

/**
 * What `cr-analyze wf.json --print` runs, in one chunk: with ES modules every extra file costs Node
 * about half a millisecond to resolve, read and link. --help, --server and the terminal UI stay apart.
 */
function analyzeStart() {
  return /[\\/]dist[\\/](commands[\\/]analyze[\\/]|core[\\/](nodes|json|workflow|text)[\\/]|core[\\/]errors|core[\\/]comfy[\\/]object-info\.js|cli[\\/](main|analyze|version)\.js|ui[\\/]sanitize)/;
}

await rm(staging, { recursive: true, force: true });
for (const { bins, format, extension, groups } of BUILDS) {
  await build({
    input: Object.fromEntries(bins.map((name) => [name, path.join(binDir, `${name}.js`)])),
    platform: "node",
    external: EXTERNAL,
    logLevel: "warn",
    output: {
      dir: staging,
      format,
      minify: !process.env.NO_MINIFY,
      entryFileNames: `[name].${extension}`,
      // The start chunk keeps a fixed name: the code-cache preamble loads it by that name.
      chunkFileNames: (chunk) => (chunk.name === START_CHUNK ? `chunks/${START_CHUNK}.${extension}` : `chunks/[name]-[hash].${extension}`),
      codeSplitting: { groups },
    },
  });
}
await rm(path.join(binDir, "chunks"), { recursive: true, force: true });
await mkdir(path.join(binDir, "chunks"), { recursive: true });
for (const file of await readdir(path.join(staging, "chunks"))) await rename(path.join(staging, "chunks", file), path.join(binDir, "chunks", file));
for (const { bins, extension } of BUILDS) {
  for (const name of bins) {
    // tsc's output and map describe the file the bundle replaces
    await rm(path.join(binDir, `${name}.js`), { force: true });
    await rm(path.join(binDir, `${name}.js.map`), { force: true });
    await rename(path.join(staging, `${name}.${extension}`), path.join(binDir, `${name}.${extension}`));
  }
}
await rm(staging, { recursive: true, force: true });

await addCodeCache();

/**
 * cr-analyze's entry gets scripts/code-cache-preamble.cjs after its shebang, and the start chunk
 * its V8 code cache, recorded by running `cr-analyze <shipped WAN workflow> --print` once, so that
 * the cache holds the functions that path compiles (about 6 ms of a start on Node 20).
 */
async function addCodeCache() {
  const entry = path.join(binDir, "cr-analyze.cjs");
  const chunk = path.join(binDir, "chunks", `${START_CHUNK}.cjs`);
  // vm.Script, which the preamble compiles with, has no loader for import(): the chunk must not need one.
  if ((await readFile(chunk, "utf8")).includes("import(")) throw new Error(`${chunk} holds an import(); the code-cache preamble cannot load it`);
  const [shebang, ...rest] = (await readFile(entry, "utf8")).split("\n");
  const preamble = await readFile(path.join(root, "scripts", "code-cache-preamble.cjs"), "utf8");
  await writeFile(entry, [shebang, preamble.trimEnd(), ...rest].join("\n"));
  execFileSync(process.execPath, [entry, path.join(root, "workflows", "wan2_14B_flf2v", "workflow.json"), "--print"], {
    env: { ...process.env, COMFY_RUNNER_CODE_CACHE: "record" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
