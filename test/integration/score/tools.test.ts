/** The tool runner: deadline, output cap, lowered priority, cancellation. */
import { describe, expect, test } from "vitest";
import { runTool } from "../../../src/core/score/tools.js";

describe.skipIf(process.platform !== "linux")("runTool", () => {
  test("a lower priority for the tool when asked", async () => {
    // The shell reads its own nice value after a pause, when setPriority has surely happened.
    const result = await runTool("sh", ["-c", "sleep 0.3; cut -d' ' -f19 /proc/$$/stat"], { timeoutMs: 20_000, niceness: 10 });
    expect(result.stdout.trim()).toBe("10");
  });

  test("a deadline and an output cap turn into reasons, not exceptions", async () => {
    const slow = await runTool("sh", ["-c", "exec sleep 5"], { timeoutMs: 200 });
    expect(slow).toMatchObject({ ok: false, reason: "sh took longer than 200 ms" });
    const loud = await runTool("sh", ["-c", "exec yes error >&2"], { timeoutMs: 20_000, maxOutputBytes: 10_000 });
    expect(loud.ok).toBe(false);
    expect(loud.reason).toMatch(/printed more than 10000 bytes/);
  });

  test("cancellation throws the abort reason", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user stop")), 100);
    await expect(runTool("sh", ["-c", "exec sleep 5"], { timeoutMs: 20_000, signal: controller.signal })).rejects.toThrow("user stop");
  });
});
