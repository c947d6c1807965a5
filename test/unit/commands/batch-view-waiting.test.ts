import { describe, expect, it } from "vitest";
import { BatchView, waitingText } from "../../../src/commands/sweep/progress-view.js";
import type { PlannedRun } from "../../../src/core/batch/types.js";
import { captureUi } from "../../helpers/ui.js";

const RUN: PlannedRun = { run_id: 3, name: "0003", point: 2, seed_index: 0, values: {}, patches: {} };

describe("batch view while a server is down", () => {
  it("says since when, and how long until the failover", () => {
    const down = Date.parse("2026-12-02T03:00:00Z");
    expect(waitingText({ downSince: down, failoverAt: down + 20_000 }, down + 6_000)).toMatch(/^down since \d\d:\d\d:\d\d, failover in 14s$/);
    expect(waitingText({ downSince: down, failoverAt: down + 20_000 }, down + 21_000)).toMatch(/its runs moved to another server$/);
    expect(waitingText({ downSince: down, failoverAt: null }, down)).toMatch(/no other server can take its runs$/);
  });

  it("prints the wait once per outage instead of a frozen ETA", () => {
    const { ui, err, out } = captureUi();
    const lines: string[] = [];
    const view = new BatchView(ui, { update: (t) => lines.push(t), done: () => undefined }, 8, [], ["http://a", "http://b"], (n) => n);
    const down = Date.now() - 1_000;
    view.handle({ kind: "server_waiting", run: RUN, server: "http://a", downSince: down, failoverAt: down + 60_000 });
    view.handle({ kind: "server_waiting", run: { ...RUN, run_id: 4, name: "0004" }, server: "http://a", downSince: down, failoverAt: down + 60_000 });
    view.stop();
    const text = out() + err();
    expect(text.match(/Runs wait for http:\/\/a: down since .*, failover in \d+s/g)).toHaveLength(1);
    expect(lines.join("\n")).toMatch(/waiting for http:\/\/a: down since/);
    expect(lines.join("\n")).not.toMatch(/ETA/);
  });
});
