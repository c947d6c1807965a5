/** Prompts written by an LLM or a remote API at run time: a fixed seed will not reproduce the run. */
import type { NodeDefs } from "../../core/comfy/object-info.js";
import { isLink, type Workflow } from "../../core/workflow/model.js";

const EXTERNAL_TEXT_CLASS =
  /llm|gpt|openai|ollama|gemini|claude|anthropic|groq|mistral|chat|prompt.?(gen|enhanc|expand|extend)|florence|joycaption|qwen.?vl|llava|caption|api/i;
const TEXT_INPUT = /text|prompt|string|caption/i;

export function externalPromptWarnings(workflow: Workflow, used: ReadonlySet<string>, defs: NodeDefs): string[] {
  const sources = new Set<string>();
  for (const id of used) {
    for (const [input, value] of Object.entries(workflow[id]?.inputs ?? {})) {
      if (!isLink(value) || !TEXT_INPUT.test(input)) continue;
      const source = workflow[String(value[0])];
      if (source && isExternal(source.class_type, defs)) sources.add(`${source.class_type} (node ${String(value[0])})`);
    }
  }
  return [...sources]
    .sort()
    .map((s) => `The prompt comes from ${s}, an LLM or API node: its text may change on every run, so a fixed seed will not reproduce a run.`);
}

/** ComfyUI's own API nodes say so in their category; custom ones only in their name. */
function isExternal(classType: string, defs: NodeDefs): boolean {
  const def = defs.get(classType);
  if (def) return def.category.startsWith("api node") && !def.outputNode;
  return EXTERNAL_TEXT_CLASS.test(classType);
}
