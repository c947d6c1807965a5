/** --serve's ratings API with several clients at once, hostile posts and an unreadable ratings.json. */
import { readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serveSheet, type SheetServer } from "../../src/commands/contact-sheet/server.js";
import { tempDir } from "../helpers/tmp.js";

interface Saved {
  ratings: Record<string, { stars: number; reject: boolean; t?: number }>;
}

describe("contact-sheet --serve ratings", () => {
  let dir: string;
  let server: SheetServer;
  let warnings: string[];

  beforeEach(async () => {
    dir = await tempDir("cr-ratings-");
    warnings = [];
    server = await serveSheet({ batchDir: dir, port: 0, pageName: "contact_sheet.html", page: async () => "<!doctype html>", warn: (m) => warnings.push(m) });
  });
  afterEach(() => server.close());

  const post = (ratings: unknown): Promise<Response> =>
    fetch(`${server.url}api/ratings`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ratings }) });
  const postRaw = (body: string): Promise<Response> =>
    fetch(`${server.url}api/ratings`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
  const onDisk = async (): Promise<Saved> => JSON.parse(await readFile(path.join(dir, "ratings.json"), "utf8")) as Saved;

  it("two clients saving at the same time keep every rating of both", async () => {
    const tab = (first: number) => Array.from({ length: 15 }, (_, i) => post({ [String(first + i)]: { stars: (i % 5) + 1, reject: false, t: 1000 + i } }));
    const replies = await Promise.all([...tab(1), ...tab(101)]);
    expect(replies.every((r) => r.ok)).toBe(true);
    const saved = await onDisk();
    expect(Object.keys(saved.ratings)).toHaveLength(30);
    expect(saved.ratings["15"]).toMatchObject({ stars: 5, t: 1014 });
    expect(saved.ratings["101"]).toMatchObject({ stars: 1, t: 1000 });
    const back = (await (await fetch(`${server.url}api/ratings`)).json()) as Saved;
    expect(back.ratings).toEqual(saved.ratings);
  });

  it("answers each save with the merged whole, so a tab learns the other tab's ratings", async () => {
    await post({ "1": { stars: 4, reject: false, t: 10 } });
    const reply = (await (await post({ "2": { stars: 2, reject: false, t: 20 } })).json()) as Saved & { saved: number };
    expect(reply.saved).toBe(1);
    expect(Object.keys(reply.ratings)).toEqual(["1", "2"]);
  });

  it("per run, the newest rating wins whatever order the saves arrive in", async () => {
    await post({ "5": { stars: 5, reject: false, t: 200 } });
    await post({ "5": { stars: 1, reject: false, t: 100 } }); // a stale tab
    expect((await onDisk()).ratings["5"]).toMatchObject({ stars: 5, t: 200 });
    await post({ "5": { stars: 0, reject: true, t: 300 } });
    expect((await onDisk()).ratings["5"]).toMatchObject({ stars: 0, reject: true, t: 300 });
  });

  it("comparisons from two clients saving at the same time are all kept, as a union; a bad one is refused", async () => {
    const click = (a: number, t: number) => ({ a, b: a + 1, choice: "a", t });
    const postComparisons = (comparisons: unknown[]) => postRaw(JSON.stringify({ comparisons }));
    const tab = (first: number) => Array.from({ length: 10 }, (_, i) => postComparisons([click(first + i, 1000 + i)]));
    const replies = await Promise.all([...tab(1), ...tab(101), postComparisons([click(1, 1000)])]); // the last one resends a click
    expect(replies.every((r) => r.ok)).toBe(true);
    const saved = (await onDisk()) as Saved & { comparisons: unknown[] };
    expect(saved.comparisons).toHaveLength(20);
    const back = (await (await fetch(`${server.url}api/ratings`)).json()) as { comparisons: unknown[] };
    expect(back.comparisons).toEqual(saved.comparisons);
    const bad = await postComparisons([{ a: 1, b: 2, choice: "left", t: 1 }]);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/comparisons\.0\.choice/);
  });

  it("an empty save or a __proto__ key never empties the file", async () => {
    await post({ "1": { stars: 3, reject: false, t: 1 } });
    expect((await post({})).status).toBe(200);
    const proto = await postRaw('{"ratings":{"__proto__":{"stars":5,"reject":false}}}');
    expect(proto.status).toBe(400);
    expect(await proto.text()).toContain("__proto__");
    expect((await postRaw('{"__proto__":{"ratings":{}}}')).status).toBe(400);
    expect((await onDisk()).ratings).toEqual({ "1": { stars: 3, reject: false, t: 1 } });
  });

  it("names what is wrong in a ratings.json of the wrong shape", async () => {
    await writeFile(path.join(dir, "ratings.json"), JSON.stringify({ version: 1, ratings: { "1": { stars: 9, reject: false } } }));
    const got = (await (await fetch(`${server.url}api/ratings`)).json()) as { problem?: string };
    expect(got.problem).toMatch(/is not a valid ratings file \(ratings\.1\.stars: /);
  });

  it("keeps an unreadable ratings.json as a copy, warns, then saves the new rating", async () => {
    const broken = '{"version": 1, "ratings": {"1": {"stars": 5, "reject": false},}}\n';
    await writeFile(path.join(dir, "ratings.json"), broken);
    const got = (await (await fetch(`${server.url}api/ratings`)).json()) as Saved & { problem?: string };
    expect(got.problem).toMatch(/ratings\.json is not valid JSON/);
    expect(await readFile(path.join(dir, "ratings.json"), "utf8")).toBe(broken); // reading never rewrites it
    const reply = (await (await post({ "2": { stars: 1, reject: false, t: 5 } })).json()) as Saved & { backup?: string };
    const copies = (await readdir(dir)).filter((f) => f.startsWith("ratings.json.unreadable-"));
    expect(copies).toHaveLength(1);
    expect(reply.backup).toBe(path.join(dir, copies[0]!));
    expect(await readFile(path.join(dir, copies[0]!), "utf8")).toBe(broken);
    expect((await onDisk()).ratings).toEqual({ "2": { stars: 1, reject: false, t: 5 } });
    expect(warnings.join("\n")).toContain(copies[0]);
  });
});
