/** Which LoRA a loader node loads, so that copies of one LoRA can be told from different LoRAs. */
import type { Workflow } from "../../core/workflow/model.js";

/** The LoRA a node loads, with its high/low-noise marker removed: the two copies of one LoRA match. */
export function loraIdentity(workflow: Workflow, nodeId: string, input = ""): string {
  const inputs = workflow[nodeId]?.inputs ?? {};
  // Stacks number their slots: model_weight_2 weighs lora_name_2.
  const slot = /_(\d+)$/.exec(input)?.[1];
  const names = slot !== undefined ? [inputs[`lora_name_${slot}`], inputs[`lora_${slot}`]] : [inputs["lora_name"], inputs["lora"]];
  const file = names.find((v): v is string => typeof v === "string") ?? `node ${nodeId}`;
  const stem = file
    .replace(/^.*[\\/]/, "")
    .replace(/\.[a-z0-9]+$/i, "")
    .toLowerCase();
  return stem
    .replace(/(^|[_\-. ])(high|low)([_\-. ]?noise)?(?=$|[_\-. ])/g, "$1")
    .replace(/[_\-. ]+/g, "_")
    .replace(/^_|_$/g, "");
}
