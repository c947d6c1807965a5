/**
 * First/last-frame fidelity for FLF2V runs: the output's first and last frames against the input
 * images (scaled to the output size) with SSIM and PSNR, in one ffmpeg call. The last frame comes
 * from the final second only (-sseof), so a long clip is not decoded twice.
 */
import { ffmpegNumber, type FrameTags } from "./metadata-print.js";
import { readTagFile } from "./read-tags.js";
import { inputArg, runTool, type ScoreTools } from "./tools.js";
import type { Fidelity, FrameFidelity } from "./types.js";

/** What identical frames (ffmpeg: PSNR inf) are stored as, so the value stays a sortable number. */
export const PSNR_IDENTICAL = 100;

export interface FidelityInputs {
  readonly first?: string | undefined;
  readonly last?: string | undefined;
}

/** One frame's tags → SSIM/PSNR; undefined when the filters left no figures. */
export function frameFidelity(tags: ReadonlyMap<string, string>): FrameFidelity | undefined {
  const ssim = ffmpegNumber(tags.get("lavfi.ssim.All"));
  const psnr = ffmpegNumber(tags.get("lavfi.psnr.psnr_avg"));
  const mse = ffmpegNumber(tags.get("lavfi.psnr.mse_avg"));
  if (ssim === undefined || psnr === undefined || Number.isNaN(ssim) || Number.isNaN(psnr)) return undefined;
  const identical = mse === 0 || psnr === Number.POSITIVE_INFINITY;
  return { ssim: Number(ssim.toFixed(5)), psnr: identical ? PSNR_IDENTICAL : Number(Math.min(psnr, PSNR_IDENTICAL).toFixed(3)), identical };
}

function branch(video: number, image: number, width: number, height: number, name: string, firstOnly: boolean): string {
  const ref = `[${image}:v]scale=${width}:${height}:flags=bicubic,format=yuv420p,setsar=1,split[${name}r1][${name}r2]`;
  const out = `[${video}:v]${firstOnly ? "trim=end_frame=1," : ""}format=yuv420p,setsar=1[${name}o]`;
  const compare = `[${name}o][${name}r1]ssim[${name}s];[${name}s][${name}r2]psnr,metadata=mode=print:file=${name}.txt[${name}]`;
  return `${ref};${out};${compare}`;
}

export async function compareEndFrames(
  tools: ScoreTools,
  video: string,
  inputs: FidelityInputs,
  size: { width: number; height: number },
  options: { cwd: string; timeoutMs: number; signal?: AbortSignal | undefined; niceness?: number | undefined },
): Promise<Fidelity | string> {
  const args = ["-hide_banner", "-nostdin", "-loglevel", "error", "-threads", "1"];
  const graphs: string[] = [];
  const outputs: string[] = [];
  let index = 0;
  for (const which of ["first", "last"] as const) {
    const image = inputs[which];
    if (image === undefined) continue;
    if (which === "last") args.push("-sseof", "-1");
    args.push("-i", inputArg(video), "-i", inputArg(image));
    graphs.push(branch(index, index + 1, size.width, size.height, which, which === "first"));
    outputs.push("-map", `[${which}]`, ...(which === "first" ? ["-frames:v", "1"] : []), "-f", "null", "-");
    index += 2;
  }
  if (graphs.length === 0) return {};
  const result = await runTool(tools.ffmpeg, [...args, "-filter_complex", graphs.join(";"), ...outputs], options);
  if (!result.ok) return `fidelity check failed: ${result.reason ?? "ffmpeg failed"}`;
  const fidelity: { first?: FrameFidelity; last?: FrameFidelity } = {};
  for (const which of ["first", "last"] as const) {
    if (inputs[which] === undefined) continue;
    let lastFrame: FrameTags | undefined;
    await readTagFile(`${options.cwd}/${which}.txt`, (frame) => {
      lastFrame = frame;
    });
    const figures = lastFrame ? frameFidelity(lastFrame.tags) : undefined;
    if (!figures) return `fidelity check gave no ${which}-frame figures`;
    fidelity[which] = figures;
  }
  return fidelity;
}
