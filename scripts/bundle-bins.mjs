// Bundles binaries after tsc: each listed dist/bin/cr-*.js becomes one small entry plus shared
// chunks in dist/bin/chunks/, so a cold start reads a few files instead of ~70 modules and
// their package.json lookups. Dynamic imports stay separate chunks: --help, --server and the
// terminal UI load only when used. The sources and the tsc output elsewhere in dist/ are untouched.
import { rm, rename, readdir, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const binDir = path.join(root, "dist", "bin");
const staging = path.join(root, "dist", ".bundle");
// cr-analyze has a start-time target (bench/analyze-cold-start.ts); add others here once their e2e tests run bundled.
const BINS = ["cr-analyze"];
// What `cr-analyze wf.json --print` runs, in one chunk: with ES modules every extra file costs Node
// about half a millisecond to resolve, read and link. --help, --server and the terminal UI stay apart.
const ANALYZE_START =
  /[\\/]dist[\\/](commands[\\/]analyze[\\/]|core[\\/](nodes|json|workflow|text)[\\/]|core[\\/]errors|core[\\/]comfy[\\/]object-info\.js|cli[\\/](main|analyze|version)\.js|ui[\\/]sanitize)/;

await rm(staging, { recursive: true, force: true });
await build({
  input: Object.fromEntries(BINS.map((name) => [name, path.join(binDir, `${name}.js`)])),
  platform: "node",
  external: [/^node:/],
  logLevel: "warn",
  output: {
    dir: staging,
    format: "esm",
    minify: true,
    entryFileNames: "[name].js",
    chunkFileNames: "chunks/[name]-[hash].js",
    codeSplitting: { groups: [{ name: "analyze-start", test: ANALYZE_START }] },
  },
});
await rm(path.join(binDir, "chunks"), { recursive: true, force: true });
await mkdir(path.join(binDir, "chunks"), { recursive: true });
for (const file of await readdir(path.join(staging, "chunks"))) await rename(path.join(staging, "chunks", file), path.join(binDir, "chunks", file));
for (const name of BINS) {
  await rename(path.join(staging, `${name}.js`), path.join(binDir, `${name}.js`));
  await rm(path.join(binDir, `${name}.js.map`), { force: true }); // tsc's map describes the file the bundle replaced
}
await rm(staging, { recursive: true, force: true });
