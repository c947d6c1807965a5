import { mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSheet, type SheetServer } from "../../../src/commands/contact-sheet/server.js";
import { parseRange } from "../../../src/commands/contact-sheet/static-files.js";

/** A raw request: the path goes on the wire exactly as written (fetch would normalise "..") */
function raw(
  port: number,
  method: string,
  urlPath: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path: urlPath, headers }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("contact-sheet server", () => {
  let root: string;
  let outside: string;
  let server: SheetServer;

  beforeAll(async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), "cr-serve-"));
    root = path.join(parent, "batch");
    outside = path.join(parent, "secret.txt");
    await mkdir(path.join(root, "runs", "0001"), { recursive: true });
    await writeFile(path.join(root, "runs", "0001", "a b&c.mp4"), "0123456789");
    await writeFile(path.join(root, ".hidden"), "no");
    await writeFile(outside, "top secret");
    await symlink(outside, path.join(root, "link.txt"));
    server = await serveSheet({ batchDir: root, port: 0, pageName: "contact_sheet.html", page: async () => "<!doctype html><title>sheet</title>" });
  });
  afterAll(() => server.close());

  it("listens on 127.0.0.1 only", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it("serves the page and files inside the folder, with byte ranges", async () => {
    expect((await raw(server.port, "GET", "/")).body).toContain("<title>sheet</title>");
    expect((await raw(server.port, "GET", "/runs/0001/a%20b%26c.mp4")).body).toBe("0123456789");
    const part = await raw(server.port, "GET", "/runs/0001/a%20b%26c.mp4", { Range: "bytes=2-4" });
    expect(part).toMatchObject({ status: 206, body: "234" });
    expect(part.headers["content-range"]).toBe("bytes 2-4/10");
  });

  it.each([
    "/../secret.txt",
    "/runs/../../secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e/secret.txt",
    "/runs/0001/..%5c..%5c..%5csecret.txt",
    "/link.txt",
    "/.hidden",
    "/runs/0001/a%00.mp4",
    "/%E0%A4%A",
    `/${"..%2f".repeat(8)}etc%2fpasswd`,
  ])("refuses %s", async (urlPath) => {
    const res = await raw(server.port, "GET", urlPath);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain("secret");
  });

  it("refuses other hosts (DNS rebinding) and other origins", async () => {
    expect((await raw(server.port, "GET", "/", { Host: "evil.example:80" })).status).toBe(403);
    const post = await raw(
      server.port,
      "POST",
      "/api/ratings",
      { Origin: "https://evil.example", "Content-Type": "application/json" },
      JSON.stringify({ ratings: {} }),
    );
    expect(post.status).toBe(403);
  });

  it("refuses a request with two Host headers", async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, "127.0.0.1", () => {
        socket.end(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
      });
      let text = "";
      socket.on("data", (d: Buffer) => (text += d.toString()));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 403 /);
    expect(reply).not.toContain("<title>sheet</title>");
  });

  it("saves ratings to ratings.json atomically and reads them back", async () => {
    const body = JSON.stringify({ ratings: { "7": { stars: 5, reject: false, t: 1, run_name: "0007" }, "8": { stars: 0, reject: true } } });
    expect((await raw(server.port, "POST", "/api/ratings", { "Content-Type": "application/json" }, body)).status).toBe(200);
    const saved = JSON.parse(await readFile(path.join(root, "ratings.json"), "utf8")) as { version: number; ratings: Record<string, unknown> };
    expect(saved.version).toBe(2);
    expect(saved.ratings["7"]).toEqual({ stars: 5, reject: false, t: 1, run_name: "0007" });
    expect((await readdir(root)).filter((f) => f.endsWith(".part"))).toEqual([]);
    const back = JSON.parse((await raw(server.port, "GET", "/api/ratings")).body) as { ratings: Record<string, unknown> };
    expect(back.ratings["8"]).toEqual({ stars: 0, reject: true, t: expect.any(Number) }); // stamped on arrival
  });

  it("rejects bad rating posts", async () => {
    const post = (body: string, type = "application/json") => raw(server.port, "POST", "/api/ratings", { "Content-Type": type }, body);
    expect((await post("{}", "text/plain")).status).toBe(415);
    expect((await post("not json")).status).toBe(400);
    expect((await post(JSON.stringify({ ratings: { "1": { stars: 9, reject: false } } }))).status).toBe(400);
    expect((await post(JSON.stringify({ ratings: { "../x": { stars: 1, reject: false } } }))).status).toBe(400);
  });
});

describe("parseRange", () => {
  it("handles open, suffix and unsatisfiable ranges", () => {
    expect(parseRange("bytes=5-", 10)).toEqual([5, 9]);
    expect(parseRange("bytes=-3", 10)).toEqual([7, 9]);
    expect(parseRange("bytes=20-30", 10)).toBe("invalid");
    expect(parseRange(undefined, 10)).toBeUndefined();
  });
});
