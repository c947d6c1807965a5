/**
 * cr-score --config --judge against a fake OpenAI-compatible endpoint on 127.0.0.1: the config's
 * thresholds apply, each run gets judge.json, a second call asks nothing, and the API key (from the
 * environment) reaches only the Authorization header: never a file of the batch, never the output.
 */
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batch } from "../../../src/commands/batch/execute-batch.js";
import { score } from "../../../src/commands/score/index.js";
import { loadResults } from "../../../src/core/results/load.js";
import { startSim } from "../../../src/sim/index.js";
import { videoPrompt } from "../../../src/sim/landscape-workflow.js";
import { batchOptions, withScoring } from "../../helpers/batch-reliability.js";
import { ScoresSchema } from "../../../src/core/score/types.js";
import { writeFakeBatch } from "../../helpers/fake-batch.js";
import { hasFfmpeg } from "../../helpers/fake-media.js";
import { tempDir } from "../../helpers/tmp.js";
import { captureUi, ndjsonEvents } from "../../helpers/ui.js";

const KEY = "sk-test-SECRET-cr-score-4242";
const KEY_ENV = "CR_TEST_JUDGE_KEY";
const RATINGS = { motion_physics: 7, character_consistency: 8, temporal_coherence: 6, visual_fidelity: 7, overall_realism: 7, summary: "fine" };

let server: Server;
let url = "";
const auth: Array<string | undefined> = [];

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else out.push(full);
  }
  return out;
}

describe.skipIf(!hasFfmpeg())("cr-score --judge", () => {
  beforeAll(async () => {
    process.env[KEY_ENV] = KEY;
    server = createServer((req, res) => {
      auth.push(req.headers.authorization);
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ choices: [{ message: { content: JSON.stringify(RATINGS) } }], usage: { prompt_tokens: 100, completion_tokens: 10 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    delete process.env[KEY_ENV];
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("judges each run once with the config's judge and thresholds, and never writes or prints the key", async () => {
    const fake = await writeFakeBatch(await tempDir());
    // Two scoreable runs are enough: the others lose their params.json.
    const completed = fake.runs.filter((r) => r.status === "completed" && r.outputs.some((o) => o.endsWith(".mp4"))).slice(0, 2);
    for (const run of fake.runs) if (run.status === "completed" && !completed.includes(run)) await rm(path.join(fake.dir, "runs", run.name, "params.json"));
    const config = path.join(fake.dir, "..", "scoring.yaml");
    await writeFile(
      config,
      `workflow_file: w.json\nscoring:\n  thresholds: {cuts: 7}\n  judge: {url: "${url}", model: fake-vl, api_key_env: ${KEY_ENV}, frames: 2, timeout_s: 10}\n`,
    );
    const first = captureUi({ json: true });
    const result = await score({ target: fake.dir, force: false, jobs: 2, configFile: config, judge: true }, { ui: first.ui });
    expect(result).toMatchObject({ kind: "batch", summary: { scored: 2, judged: { ok: 2, failed: 0, tokens: 220 } } });
    expect(auth).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`]);
    for (const run of completed) {
      const dir = path.join(fake.dir, "runs", run.name);
      expect(ScoresSchema.parse(JSON.parse(await readFile(path.join(dir, "scores.json"), "utf8"))).thresholds["cuts"]).toBe(7);
      expect(JSON.parse(await readFile(path.join(dir, "judge.json"), "utf8"))).toMatchObject({
        result: { status: "ok", model: "fake-vl", ratings: { motion_physics: 7 } },
      });
    }
    expect(ndjsonEvents(first.out()).filter((e) => e["kind"] === "run_judged")).toHaveLength(2);
    // The verdicts are a target for cr-report and cr-refine.
    const judged = await loadResults([fake.dir], { target: "judge:motion_physics", excludeFlagged: false });
    expect(judged.data.rows.map((r) => r.target)).toEqual([7, 7]);

    // Up to date: nothing measured, nothing asked.
    const second = captureUi({ json: true });
    expect(await score({ target: fake.dir, force: false, jobs: 2, configFile: config, judge: true }, { ui: second.ui })).toMatchObject({
      summary: { scored: 0, skipped: 2, judged: { ok: 0 } },
    });
    expect(auth).toHaveLength(2);

    for (const text of [first.out(), first.err(), second.out(), second.err()]) expect(text).not.toContain(KEY);
    for (const file of await filesUnder(path.dirname(fake.dir))) {
      if ((await stat(file)).size < 5_000_000) expect(await readFile(file, "utf8"), file).not.toContain(KEY);
    }
  });

  it("--judge without a judge in the config, or with its key variable unset, is one clear user error", async () => {
    const dir = await tempDir();
    const config = path.join(dir, "s.yaml");
    await writeFile(config, "scoring:\n  thresholds: {cuts: 1}\n");
    await expect(score({ target: dir, force: false, jobs: 1, configFile: config, judge: true }, { ui: captureUi().ui })).rejects.toThrow(
      /--judge needs a judge/,
    );
    await writeFile(config, `scoring:\n  judge: {url: "${url}", model: m, api_key_env: CR_TEST_UNSET_KEY}\n`);
    await expect(score({ target: dir, force: false, jobs: 1, configFile: config, judge: true }, { ui: captureUi().ui })).rejects.toThrow(
      /CR_TEST_UNSET_KEY.*not set/,
    );
    await writeFile(config, "scoring:\n  thresholds: {nope: 1}\n");
    await expect(score({ target: dir, force: false, jobs: 1, configFile: config }, { ui: captureUi().ui })).rejects.toThrow(/s\.yaml:\d+:\d+.*nope/);
  });

  it("cr-batch with scoring.judge: each run judged as it finishes; the key is in no file of the batch (batch.log included)", async () => {
    const sim = await startSim({ landscape: true, runTime: { fixedMs: 1, perStepMs: 0 }, models: { ckpt_name: ["model.safetensors"] } });
    try {
      const dir = await tempDir();
      await writeFile(path.join(dir, "workflow.json"), JSON.stringify(videoPrompt({ cfg: 5, steps: 20, shift: 5, seed: 1 }, "land")));
      await writeFile(
        path.join(dir, "sweep.yaml"),
        `workflow_file: workflow.json\nsampling_strategy: grid\nparameters:\n  steps: {values: [4, 20], path: nodes.5.inputs.steps}\noutput: {base_dir: output}\nscoring:\n  judge: {url: "${url}", model: fake-vl, api_key_env: ${KEY_ENV}, frames: 2}\n`,
      );
      const before = auth.length;
      const cap = captureUi({ json: true });
      const options = withScoring(batchOptions(path.join(dir, "sweep.yaml"), [sim.url]));
      expect(await batch(options, { ui: cap.ui, signal: new AbortController().signal })).toBe(0);
      expect(auth.length - before).toBe(2);
      const scored = ndjsonEvents(cap.out()).filter((e) => e["kind"] === "run_scored");
      expect(scored.map((e) => e["judge"])).toEqual([expect.objectContaining({ motion_physics: 7 }), expect.objectContaining({ motion_physics: 7 })]);
      const [name] = await readdir(path.join(dir, "output"));
      const out = path.join(dir, "output", name!);
      for (const run of ["0001", "0002"])
        expect(JSON.parse(await readFile(path.join(out, "runs", run, "judge.json"), "utf8"))).toMatchObject({ result: { status: "ok", model: "fake-vl" } });
      expect(cap.out() + cap.err()).not.toContain(KEY);
      for (const file of await filesUnder(out)) if ((await stat(file)).size < 5_000_000) expect(await readFile(file, "utf8"), file).not.toContain(KEY);
    } finally {
      await sim.stop();
    }
  });
});
