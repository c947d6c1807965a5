import { describe, expect, it } from "vitest";
import { collectOutputs, mediaKind } from "../../../src/core/comfy/outputs.js";
import { hintForNodeErrors, renderExecutionError, renderNodeErrors } from "../../../src/core/comfy/render-errors.js";
import { nodeErrorsSchema } from "../../../src/core/comfy/schemas.js";
import { outcomeOf } from "../../../src/core/comfy/wait.js";
import { historyEntrySchema } from "../../../src/core/comfy/schemas.js";
import type { Workflow } from "../../../src/core/workflow/model.js";

describe("collectOutputs", () => {
  const outputs = {
    "9": {
      images: [
        { filename: "a_00001_.png", subfolder: "x", type: "output" },
        { filename: "p.png", subfolder: "", type: "temp" },
      ],
    },
    "61": { images: [{ filename: "v_00001_.mp4", subfolder: "video", type: "output" }], animated: [true] },
    "70": { gifs: [{ filename: "g.mp4", subfolder: "", type: "output", format: "video/h264-mp4" }] },
    "71": { audio: [{ filename: "s.flac", subfolder: "", type: "output" }], text: ["not a file"] },
    "72": { "3d": [{ filename: "m.glb", subfolder: "", type: "output" }], custom_list: [{ filename: "c.bin", subfolder: "", type: "output" }] },
  };

  it("finds every file item under any key, without temp unless asked", () => {
    const items = collectOutputs(outputs);
    expect(items.map((i) => `${i.nodeId}:${i.key}:${i.filename}`)).toEqual([
      "9:images:a_00001_.png",
      "61:images:v_00001_.mp4",
      "70:gifs:g.mp4",
      "71:audio:s.flac",
      "72:3d:m.glb",
      "72:custom_list:c.bin",
    ]);
    expect(collectOutputs(outputs, { includeTemp: true }).some((i) => i.type === "temp")).toBe(true);
  });

  it("keeps the animated flag and classifies media", () => {
    const video = collectOutputs(outputs).find((i) => i.nodeId === "61");
    expect(video?.animated).toBe(true);
    expect(mediaKind("v.mp4")).toBe("video");
    expect(mediaKind("a.webp", true)).toBe("video");
    expect(mediaKind("a.webp", false)).toBe("image");
    expect(mediaKind("s.flac")).toBe("audio");
    expect(mediaKind("l.latent")).toBe("latent");
  });
});

describe("error rendering", () => {
  const workflow = { "1": { class_type: "EmptyImage", inputs: {}, _meta: { title: "Canvas" } } } as unknown as Workflow;

  it("renders each node error with id, class, title, input, message and details", () => {
    const nodeErrors = nodeErrorsSchema.parse({
      "1": {
        errors: [
          {
            type: "invalid_input_type",
            message: "Failed to convert an input value to a INT value",
            details: "width, abc, invalid literal for int() with base 10: 'abc'",
            extra_info: { input_name: "width", received_value: "abc" },
          },
        ],
        dependent_outputs: ["2"],
        class_type: "EmptyImage",
      },
    });
    const [line] = renderNodeErrors(nodeErrors, workflow);
    expect(line).toBe(
      `node 1 EmptyImage "Canvas": width: Failed to convert an input value to a INT value (width, abc, invalid literal for int() with base 10: 'abc')`,
    );
  });

  it("never shows an empty message when details are empty", () => {
    const nodeErrors = nodeErrorsSchema.parse({
      "5": {
        errors: [
          { type: "value_not_in_list", message: "Value not in list", details: "", extra_info: { input_name: "ckpt_name", received_value: "x.safetensors" } },
        ],
      },
    });
    expect(renderNodeErrors(nodeErrors)[0]).toBe('node 5 ?: ckpt_name: Value not in list (got "x.safetensors")');
    expect(hintForNodeErrors(nodeErrorsSchema.parse({ "5": { errors: [{ type: "value_not_in_list", details: "ckpt_name: 'x' not in []" }] } }))).toMatch(
      /model file/,
    );
  });

  it("renders an execution error with node, class, exception type and message", () => {
    expect(
      renderExecutionError({ nodeId: "1", nodeType: "EmptyImage", exceptionType: "RuntimeError", exceptionMessage: "CUDA out of memory\n" }, workflow),
    ).toBe('failed at node 1 EmptyImage "Canvas": RuntimeError: CUDA out of memory');
  });

  it("tells an interrupt from an error by the last status message", () => {
    const entry = (last: string) =>
      historyEntrySchema.parse({
        outputs: {},
        status: {
          status_str: "error",
          completed: false,
          messages: [
            ["execution_start", { timestamp: 1 }],
            [last, { node_id: "3", node_type: "SaveImage", exception_type: "Exception", exception_message: "boom", timestamp: 2 }],
          ],
        },
      });
    expect(outcomeOf("p", entry("execution_interrupted"), false).status).toBe("interrupted");
    const failed = outcomeOf("p", entry("execution_error"), false);
    expect(failed.status).toBe("error");
    expect(failed.error).toMatchObject({ nodeId: "3", nodeType: "SaveImage", exceptionType: "Exception", exceptionMessage: "boom" });
  });
});
