import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { ComfyClient } from "../../src/core/comfy/client.js";
import { ComfySocket } from "../../src/core/comfy/socket.js";

describe("requests to ComfyUI", () => {
  it("never carry an Origin header (HTTP or websocket), and do carry --header values", async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ system: { comfyui_version: "x" }, devices: [] }));
    });
    const upgraded = new Promise<http.IncomingHttpHeaders>((resolve) => {
      server.on("upgrade", (req, socket) => {
        resolve(req.headers);
        socket.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const target = { url, headers: { authorization: "Bearer t0ken" } };
    const client = new ComfyClient(target);
    const socket = new ComfySocket({ baseUrl: url, clientId: "c1", headers: target.headers });
    try {
      await client.systemStats();
      void socket.start(500);
      const wsHeaders = await upgraded;
      expect(seen[0]?.origin).toBeUndefined();
      expect(seen[0]?.authorization).toBe("Bearer t0ken");
      expect(wsHeaders.origin).toBeUndefined();
      expect(wsHeaders.authorization).toBe("Bearer t0ken");
    } finally {
      socket.close();
      await client.close();
      server.close();
    }
  });
});
