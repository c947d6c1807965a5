import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSim, type Sim } from "../../src/sim/index.js";
import { encodePng, renderPattern } from "../../src/sim/outputs/png.js";
import { get, refJson, submit, waitHistory, workflow } from "./helpers.js";

let sim: Sim;
beforeEach(async () => {
  sim = await startSim({ runTime: { fixedMs: 0 } });
});
afterEach(async () => {
  await sim.stop();
});

function png(seed: string): Buffer {
  return encodePng(renderPattern(seed, 0, 8, 8), 8, 8);
}

async function upload(fields: Record<string, string>, file?: { name: string; bytes: Buffer }, field = "image") {
  const form = new FormData();
  if (file) form.append(field, new Blob([new Uint8Array(file.bytes)]), file.name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await fetch(`${sim.url}/upload/image`, { method: "POST", body: form });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : text };
}

describe("POST /upload/image (§7) matches probe1.json", () => {
  it("renames by content, overwrites, handles subfolders, types and bad input", async () => {
    const observed = refJson<any>("observed/probe1.json").upload;
    const actual: Record<string, unknown> = {};
    actual["first"] = await upload({}, { name: "probe.png", bytes: png("a") });
    actual["same_name_same_bytes"] = await upload({}, { name: "probe.png", bytes: png("a") });
    actual["same_name_different_bytes"] = await upload({}, { name: "probe.png", bytes: png("b") });
    actual["overwrite_true"] = await upload({ overwrite: "true" }, { name: "probe.png", bytes: png("c") });
    actual["subfolder"] = await upload({ subfolder: "batch/a" }, { name: "sub.png", bytes: png("d") });
    actual["type_temp"] = await upload({ type: "temp" }, { name: "tmp.png", bytes: png("e") });
    actual["subfolder_escape"] = await upload({ subfolder: "../escape" }, { name: "x.png", bytes: png("f") });
    actual["missing_image_field"] = await upload({ other: "1" }, { name: "x.png", bytes: png("g") }, "file");
    actual["non_image_bytes"] = await upload({}, { name: "notes.txt", bytes: Buffer.from("hello") });
    for (const [name, [status, body]] of Object.entries<[number, unknown]>(observed)) {
      expect({ name, ...(actual[name] as object) }).toEqual({ name, status, json: body });
    }
    expect(readFileSync(path.join(sim.inputDir, "probe.png")).equals(png("c"))).toBe(true);
    expect((await upload({}, { name: "../../evil.png", bytes: png("h") })).status).toBe(400);
    expect((await upload({ type: "output", subfolder: "ups" }, { name: "o.png", bytes: png("i") })).json).toEqual({
      name: "o.png",
      subfolder: "ups",
      type: "output",
    });
  });

  it("uploaded files validate in LoadImage (subfolder and annotated forms too) and list in object_info", async () => {
    await upload({}, { name: "probe.png", bytes: png("a") });
    await upload({ subfolder: "batch/a" }, { name: "sub.png", bytes: png("d") });
    await upload({ type: "temp" }, { name: "tmp.png", bytes: png("e") });
    for (const image of ["probe.png", "batch/a/sub.png", "tmp.png [temp]"]) {
      const wf = workflow("load-invert") as any;
      wf["1"].inputs.image = image;
      const entry = await waitHistory(sim, await submit(sim, wf));
      expect(entry.status.status_str).toBe("success");
    }
    const info = (await get(sim, "/object_info/LoadImage")).json;
    expect(info.LoadImage.input.required.image).toEqual([["probe.png"], { image_upload: true }]);
  });

  it("answers 413 over the upload limit", async () => {
    sim.faults.uploadLimitBytes = 1000;
    expect((await upload({}, { name: "big.png", bytes: Buffer.alloc(5000) })).status).toBe(413);
  });
});

describe("GET /view (§6) matches probe6_misc.json", () => {
  it("serves files and rejects bad queries with the observed statuses", async () => {
    await waitHistory(sim, await submit(sim, workflow("invert")));
    const observed = refJson<any>("observed/probe6_misc.json").view;
    const cases: Record<string, string> = {
      ok: "filename=invert_00001_.png&subfolder=t&type=output",
      no_type_defaults_output: "filename=invert_00001_.png&subfolder=t",
      annotated_name: `filename=${encodeURIComponent("invert_00001_.png [output]")}&subfolder=t&type=input`,
      slash_in_filename: `filename=${encodeURIComponent("t/invert_00001_.png")}`,
      missing_file: "filename=nope.png&subfolder=t&type=output",
      dotdot_filename: "filename=..%2Fx.png",
      subfolder_escape: "filename=x.png&subfolder=../../etc",
      bad_type: "filename=invert_00001_.png&subfolder=t&type=bogus",
      no_filename: "subfolder=t",
    };
    for (const [name, query] of Object.entries(cases)) {
      const r = await get(sim, `/view?${query}`);
      const want = observed[name];
      expect({ name, status: r.status, disposition: r.headers.get("content-disposition"), empty: r.bytes.length === 0 }).toEqual({
        name,
        status: want.status,
        disposition: want.disposition,
        empty: want.bytes === 0,
      });
      if (want.status === 200) expect(r.headers.get("content-type")).toBe("image/png");
    }
  });

  it("re-encodes previews and extracts channels", async () => {
    await waitHistory(sim, await submit(sim, workflow("invert")));
    const base = "/view?filename=invert_00001_.png&subfolder=t&type=output";
    const jpeg = await get(sim, `${base}&preview=jpeg;80`);
    expect(jpeg.headers.get("content-type")).toBe("image/jpeg");
    expect(jpeg.bytes.subarray(0, 3).toString("hex")).toBe("ffd8ff");
    const webp = await get(sim, `${base}&preview=webp;50`);
    expect(webp.bytes.toString("latin1", 8, 12)).toBe("WEBP");
    const alpha = await get(sim, `${base}&channel=a`);
    expect(alpha.headers.get("content-type")).toBe("image/png");
    expect(alpha.bytes.readUInt32BE(16)).toBe(64);
  });

  it("supports ranges", async () => {
    await waitHistory(sim, await submit(sim, workflow("invert")));
    const res = await fetch(`${sim.url}/view?filename=invert_00001_.png&subfolder=t`, { headers: { Range: "bytes=0-7" } });
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer()).toString("hex")).toBe("89504e470d0a1a0a");
  });
});

describe("generated files", () => {
  it("writes real PNGs whose size follows the inputs and whose pixels differ by input", async () => {
    const wf = workflow("invert") as any;
    wf["1"].inputs.width = 100;
    wf["1"].inputs.height = 40;
    await waitHistory(sim, await submit(sim, wf));
    wf["1"].inputs.color = 77;
    await waitHistory(sim, await submit(sim, wf));
    const a = readFileSync(path.join(sim.outputDir, "t", "invert_00001_.png"));
    const b = readFileSync(path.join(sim.outputDir, "t", "invert_00002_.png"));
    expect(a.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(a.toString("latin1", 12, 16)).toBe("IHDR");
    expect([a.readUInt32BE(16), a.readUInt32BE(20)]).toEqual([100, 40]);
    expect(a.toString("latin1")).toContain("tEXtprompt\0{");
    const idat = (buf: Buffer) => buf.subarray(buf.indexOf("IDAT"));
    expect(idat(a).equals(idat(b))).toBe(false);
  });

  it("counts past existing files and honours %width% in prefixes", async () => {
    mkdirSync(path.join(sim.outputDir, "t"), { recursive: true });
    writeFileSync(path.join(sim.outputDir, "t", "invert_00041_.png"), "x");
    const entry = await waitHistory(sim, await submit(sim, workflow("invert")));
    expect(entry.outputs["3"].images[0].filename).toBe("invert_00042_.png");
    const wf = workflow("invert") as any;
    wf["3"].inputs.filename_prefix = "w/%width%x%height%";
    const e2 = await waitHistory(sim, await submit(sim, wf));
    expect(e2.outputs["3"].images[0]).toEqual({ filename: "64x64_00001_.png", subfolder: "w", type: "output" });
  });
});
