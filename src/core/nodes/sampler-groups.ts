/**
 * Named sampler groups (the original toolkit's): a `values` list in a config may name one as
 * "@euler_family" instead of spelling out its samplers. Every name is a ComfyUI v0.3.64 sampler.
 */
export const SAMPLER_GROUPS: Readonly<Record<string, readonly string[]>> = {
  euler_family: ["euler", "euler_cfg_pp", "euler_ancestral", "euler_ancestral_cfg_pp"],
  high_order: ["heun", "heunpp2", "uni_pc", "uni_pc_bh2", "ipndm", "ipndm_v"],
  dpmpp_family: ["dpmpp_2m", "dpmpp_2m_sde", "dpmpp_2m_sde_gpu", "dpmpp_3m_sde", "uni_pc", "uni_pc_bh2"],
};

export const GROUP_PREFIX = "@";

/** The group a value names ("@dpmpp_family" → its samplers), undefined for a plain value. */
export function samplerGroup(value: unknown): { name: string; samplers: readonly string[] | undefined } | undefined {
  if (typeof value !== "string" || !value.startsWith(GROUP_PREFIX)) return undefined;
  const name = value.slice(GROUP_PREFIX.length);
  return { name, samplers: Object.hasOwn(SAMPLER_GROUPS, name) ? SAMPLER_GROUPS[name] : undefined };
}
