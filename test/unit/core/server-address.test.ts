import { describe, expect, it } from "vitest";
import { normalizeServerUrl, parseHeaders } from "../../../src/core/comfy/server.js";
import { UserError } from "../../../src/core/errors.js";

describe("server addresses", () => {
  it("accepts host:port, URLs with a path and IPv6", () => {
    expect(normalizeServerUrl("127.0.0.1:8188")).toBe("http://127.0.0.1:8188");
    expect(normalizeServerUrl("https://gpu.example.com/comfy/")).toBe("https://gpu.example.com/comfy");
    expect(normalizeServerUrl("[::1]:8188")).toBe("http://[::1]:8188");
    expect(normalizeServerUrl("my_host:8188")).toBe("http://my_host:8188");
  });

  it.each([
    ["ht!tp://::::", /'ht!tp' is not a URL scheme/],
    ["ftp://host", /only http and https/],
    ["bad!host:8188", /'bad!host' is not a host name or IP address/],
    ["http://", /Invalid server address/],
  ])("refuses %s as bad input (exit 2), not as an unreachable server", (address, message) => {
    expect(() => normalizeServerUrl(address)).toThrow(UserError);
    expect(() => normalizeServerUrl(address)).toThrow(message);
  });
});

describe("--header", () => {
  it("refuses CR, LF and NUL in a value at parse time", () => {
    for (const value of ["a\r\nInjected: b", "a\nb", "a\u0000b"]) {
      expect(() => parseHeaders([`X-Token: ${value}`])).toThrow(/Invalid header 'X-Token': its value contains a line break or another control character/);
    }
    expect(() => parseHeaders([], "abc\r\ndef")).toThrow(/COMFYUI_TOKEN/);
  });

  it("keeps ordinary values", () => {
    expect(parseHeaders(["Authorization: Bearer a.b-c", "Cookie: x=1; y=2"], "tok")).toEqual({ authorization: "Bearer a.b-c", cookie: "x=1; y=2" });
    expect(parseHeaders([], "tok")).toEqual({ authorization: "Bearer tok" });
  });
});
