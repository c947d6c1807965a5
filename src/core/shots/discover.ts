/**
 * Scans a shots folder: shots/<name>/ with prompt.txt, first_frame.*, last_frame.*,
 * optional negative.txt and shot.yaml. Reports exactly what each incomplete shot lacks.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../errors.js";
import { readShotYaml, type OverrideTarget } from "./shot-yaml.js";
import type { ShotRole } from "./detect.js";
import { hashFile } from "../comfy/upload.js";
import { readImageInfo, type ImageInfo } from "./image-info.js";

const IMAGE_EXTENSIONS = ["png", "jpg", "jpeg", "webp"];

export interface ShotImage {
  readonly file: string;
  readonly info: ImageInfo;
  /** Content hash, computed once here: it names the upload and goes into shots.json. */
  readonly sha256: string;
}

export interface Shot {
  readonly name: string;
  readonly dir: string;
  readonly prompt?: string;
  readonly negative?: string;
  readonly firstFrame?: ShotImage;
  readonly lastFrame?: ShotImage;
  /** From shot.yaml `set:` – input path → fixed value for this shot. */
  readonly overrides: Record<string, string | number | boolean>;
}

export interface ShotScan {
  readonly shots: Shot[];
  readonly incomplete: { name: string; missing: string[] }[];
  readonly problems: string[];
}

/**
 * `needed` lists the roles the workflow uses; a shot must provide each (negative is optional).
 * With `target`, every shot.yaml `set:` entry is checked against the workflow (and node definitions).
 */
export async function scanShots(directory: string, needed: readonly ShotRole[], only?: readonly string[], target?: OverrideTarget): Promise<ShotScan> {
  const entries = await readdir(directory, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(
      error.code === "ENOENT" ? `The shots folder ${directory} does not exist.` : `Cannot read the shots folder ${directory}: ${error.message}`,
    );
  });
  let names = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort();
  if (only && only.length > 0) {
    const unknown = only.filter((n) => !names.includes(n));
    if (unknown.length > 0)
      throw new UserError(`Unknown shot(s) in shots.only / --only: ${unknown.join(", ")}.`, { hint: `Shots in ${directory}: ${names.join(", ") || "(none)"}` });
    names = names.filter((n) => only.includes(n));
  }
  if (names.length === 0)
    throw new UserError(`The shots folder ${directory} has no shot folders.`, {
      hint: "Create shots/<name>/ with prompt.txt, first_frame.png and last_frame.png.",
    });

  const scan: ShotScan = { shots: [], incomplete: [], problems: [] };
  for (const name of names) {
    const dir = path.join(directory, name);
    const missing: string[] = [];
    const problems: string[] = [];
    const prompt = await readText(path.join(dir, "prompt.txt"), problems);
    const negative = await readText(path.join(dir, "negative.txt"), problems);
    const firstFrame = await findImage(dir, "first_frame", problems);
    const lastFrame = await findImage(dir, "last_frame", problems);
    if (needed.includes("prompt") && prompt === undefined) missing.push("prompt.txt");
    if (needed.includes("first_frame") && !firstFrame) missing.push("first_frame.(png|jpg|jpeg|webp)");
    if (needed.includes("last_frame") && !lastFrame) missing.push("last_frame.(png|jpg|jpeg|webp)");
    const overrides = await readShotYaml(path.join(dir, "shot.yaml"), problems, target);
    scan.problems.push(...problems.map((p) => `${name}: ${p}`));
    if (missing.length > 0) scan.incomplete.push({ name, missing });
    else if (problems.length === 0) {
      scan.shots.push({
        name,
        dir,
        ...(prompt !== undefined ? { prompt } : {}),
        ...(negative !== undefined ? { negative } : {}),
        ...(firstFrame ? { firstFrame } : {}),
        ...(lastFrame ? { lastFrame } : {}),
        overrides,
      });
    }
  }
  return scan;
}

async function readText(file: string, problems: string[]): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.includes("\uFFFD")) {
    problems.push(`${path.basename(file)} is not valid UTF-8`);
    return undefined;
  }
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed === "") {
    problems.push(`${path.basename(file)} is empty`);
    return undefined;
  }
  return trimmed;
}

async function findImage(dir: string, stem: string, problems: string[]): Promise<ShotImage | undefined> {
  for (const ext of IMAGE_EXTENSIONS) {
    const file = path.join(dir, `${stem}.${ext}`);
    const exists = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!exists) continue;
    try {
      return { file, info: await readImageInfo(file), sha256: await hashFile(file) };
    } catch (error) {
      problems.push(`${stem}.${ext} cannot be read as an image: ${(error as Error).message}`);
      return undefined;
    }
  }
  return undefined;
}
