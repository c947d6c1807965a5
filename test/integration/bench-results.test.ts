/** `npm run bench` leaves the checkout clean: results go to an ignored file unless --save. */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseBenchArgs, resultsFileFor } from "../../bench/lib/options.js";
import { repoFile } from "../helpers/workflows.js";

function gitIgnores(relative: string): boolean {
  try {
    execFileSync("git", ["check-ignore", "-q", relative], { cwd: repoFile("."), stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const inGit = (() => {
  try {
    execFileSync("git", ["rev-parse", "--git-dir"], { cwd: repoFile("."), stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("bench results file", () => {
  it.skipIf(!inGit)("a plain run writes an ignored file; --save the tracked bench/results.json", () => {
    const benchDir = repoFile("bench");
    const plain = resultsFileFor(benchDir, parseBenchArgs(["--only", "plan"]).save);
    expect(path.basename(plain)).toBe("results.local.json");
    expect(gitIgnores(path.relative(repoFile("."), plain))).toBe(true);
    const saved = resultsFileFor(benchDir, parseBenchArgs(["--save"]).save);
    expect(saved).toBe(path.join(benchDir, "results.json"));
    expect(gitIgnores("bench/results.json")).toBe(false);
  });

  it("refuses a budget that is not a number of seconds", () => {
    expect(parseBenchArgs([]).budgetS).toBe(510);
    expect(() => parseBenchArgs(["--budget", "ten"])).toThrow(/--budget takes seconds/);
  });
});
