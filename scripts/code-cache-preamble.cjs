// Put at the top of dist/bin/cr-analyze.cjs by scripts/bundle-bins.mjs. Node 20 keeps no compiled
// code between runs (module.enableCompileCache arrived in 22.1), so cr-analyze's start chunk is
// compiled here with V8's code cache, recorded at build time beside the chunk, and placed in
// require.cache where the bundle's own require finds it. A cache from another Node or V8 version,
// other flags, or a damaged file is rejected by V8, and the chunk is compiled as usual.
// COMFY_RUNNER_CODE_CACHE=record writes the cache (the build does); =report tells stderr what happened.
(() => {
  const Module = require("node:module");
  if (typeof Module.enableCompileCache === "function") return; // Node ≥ 22.1: its own cache, enabled below
  const fs = require("node:fs");
  const path = require("node:path");
  const vm = require("node:vm");
  const mode = process.env.COMFY_RUNNER_CODE_CACHE;
  // Where the bundle's require("./chunks/analyze-start.cjs") looks (this file's folder is already
  // a real path); require.resolve would cost a millisecond looking for package.json "exports".
  const file = path.join(__dirname, "chunks", "analyze-start.cjs");
  const cacheFile = `${file}.v8cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    if (mode !== "record") return; // no cache: the bundle's require compiles the chunk
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData });
  if (mode === "report") process.stderr.write(`code cache: ${cachedData === undefined ? "absent" : script.cachedDataRejected ? "rejected" : "used"}\n`);
  const chunk = new Module(file, module);
  chunk.filename = file;
  script.runInThisContext().call(chunk.exports, chunk.exports, Module.createRequire(file), chunk, file, path.dirname(file));
  chunk.loaded = true;
  require.cache[file] = chunk;
  // After the run, so that the cache holds the functions it compiled, not just the top level.
  if (mode === "record") process.once("exit", () => fs.writeFileSync(cacheFile, script.createCachedData()));
})();
