// Bundles the contact sheet's browser script (src/page, type-checked by src/page/tsconfig.json)
// into one IIFE and writes it as a string constant to
// src/commands/contact-sheet/page-bundle.generated.ts, which html.ts embeds under the page's CSP
// nonce. The generated file is committed, so the typecheck and vitest work on a fresh clone
// before any build; `npm run build` regenerates it first, and test/unit/contact-sheet/page-bundle.test.ts
// fails when it is stale.
// Usage: node scripts/bundle-page.mjs [--check]   (--check: exit 1 if the committed file differs)
import { readFile, writeFile, rename } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundlePage } from "./page-bundler.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = path.join(root, "src", "commands", "contact-sheet", "page-bundle.generated.ts");
const { module } = await bundlePage(root);
const existing = await readFile(target, "utf8").catch(() => "");
if (process.argv.includes("--check")) {
  if (existing !== module) {
    console.error(`${path.relative(root, target)} is stale: run node scripts/bundle-page.mjs`);
    process.exit(1);
  }
} else if (existing !== module) {
  await writeFile(`${target}.tmp`, module);
  await rename(`${target}.tmp`, target);
}
