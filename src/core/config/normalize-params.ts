/**
 * `parameters:` → Parameter[]. Every original form (python-original §2.2) is accepted, but
 * what the original dropped or guessed silently is an error here: no path, an unknown type,
 * a `linked` without a source, two parameters writing the same input.
 */
import { UserError } from "../errors.js";
import { formatPath, parsePath, samePath, type InputPath } from "../workflow/paths.js";
import { didYouMean, type IssueList } from "./issues.js";
import { BUILDERS, checkKeysForType, discrete, PLACEHOLDER, type KindContext } from "./parameter-kinds.js";
import { PARAMETER_TYPES, type RawParameter, type RawParameterSpec } from "./schema.js";
import type { ConfigPath } from "./source.js";
import type { Parameter } from "./types.js";

/** Names the run-name pattern and metadata already use for something else. */
export const RESERVED_NAMES = ["run_id", "run_name", "point", "seed_index", "shot", "__proto__"] as const;

interface Linked {
  readonly name: string;
  readonly source: string;
  readonly paths: InputPath[];
  readonly at: ConfigPath;
}

export function normalizeParameters(raw: Record<string, RawParameter>, order: readonly string[], issues: IssueList): Parameter[] {
  const names = [...order.filter((name) => Object.hasOwn(raw, name)), ...Object.keys(raw).filter((name) => !order.includes(name))];
  const built: Parameter[] = [];
  const linked: Linked[] = [];
  for (const name of names) {
    const at: ConfigPath = ["parameters", name];
    if ((RESERVED_NAMES as readonly string[]).includes(name)) {
      issues.add(at, `"${name}" is a reserved name (used by run names and metadata); rename this parameter`, "key");
      continue;
    }
    const spec = raw[name] as RawParameter;
    const ctxBase = { name, at, issues };
    if (Array.isArray(spec)) {
      const paths = resolvePaths({}, ctxBase);
      const parameter = paths && discrete(spec, at, { ...ctxBase, paths }, "values");
      if (parameter) built.push(parameter);
      continue;
    }
    const type = inferType(spec, ctxBase);
    if (type === undefined) continue;
    const paths = resolvePaths(spec, ctxBase);
    if (!paths) continue;
    const ctx: KindContext = { ...ctxBase, paths };
    checkKeysForType(type, spec, ctx);
    if (type === "linked") {
      if (spec.source === undefined) issues.add(at, `a linked parameter needs source: <the parameter it follows>`);
      else linked.push({ name, source: spec.source, paths, at });
      continue;
    }
    const parameter = BUILDERS[type](spec, ctx);
    if (parameter) built.push(parameter);
  }
  const withLinks = foldLinked(built, linked, new Set(names), issues);
  checkSharedPaths(withLinks, issues);
  return withLinks;
}

type KnownType = (typeof PARAMETER_TYPES)[number];

/** The original's order of inference, minus its silent drops and its values+min/max guess. */
function inferType(spec: RawParameterSpec, ctx: { at: ConfigPath; issues: IssueList }): KnownType | undefined {
  if (spec.type !== undefined) {
    if ((PARAMETER_TYPES as readonly string[]).includes(spec.type)) return spec.type as KnownType;
    ctx.issues.add(
      [...ctx.at, "type"],
      `unknown parameter type "${spec.type}"${didYouMean(spec.type, PARAMETER_TYPES)}; use one of ${PARAMETER_TYPES.join(", ")}`,
    );
    return undefined;
  }
  const hasRange = spec.min !== undefined || spec.max !== undefined;
  if (spec.values !== undefined && hasRange) {
    ctx.issues.add(ctx.at, "give either values or min/max, not both (or set type:)");
    return undefined;
  }
  if (spec.values !== undefined) return "values";
  if (spec.source !== undefined) return "linked";
  if (spec.min !== undefined && spec.max !== undefined) return spec.step !== undefined ? "linear" : "continuous";
  ctx.issues.add(ctx.at, "cannot tell the parameter type: give values, min and max (and step), or type:");
  return undefined;
}

/** path and paths together; without either, the name itself when it is a path. */
function resolvePaths(spec: RawParameterSpec, ctx: { name: string; at: ConfigPath; issues: IssueList }): InputPath[] | undefined {
  const written: [ConfigPath, string][] = [];
  if (spec.path !== undefined) written.push([[...ctx.at, "path"], spec.path]);
  spec.paths?.forEach((text, i) => written.push([[...ctx.at, "paths", i], text]));
  if (written.length === 0) {
    const fromName = tryParsePath(ctx.name);
    if (fromName) return [fromName];
    ctx.issues.add(ctx.at, `parameter "${ctx.name}" has no path: add path: nodes.<id>.inputs.<input>`, "key");
    return undefined;
  }
  const paths: InputPath[] = [];
  let ok = true;
  for (const [where, text] of written) {
    if (text.includes(PLACEHOLDER)) {
      ctx.issues.add(where, `still holds the placeholder ${PLACEHOLDER}: replace it with a real node id`);
      ok = false;
      continue;
    }
    try {
      const path = parsePath(text);
      if (!paths.some((p) => samePath(p, path))) paths.push(path);
    } catch (error) {
      ctx.issues.add(where, error instanceof UserError ? `${error.message}${error.hint ? ` ${error.hint}` : ""}` : String(error));
      ok = false;
    }
  }
  return ok ? paths : undefined;
}

function tryParsePath(text: string): InputPath | undefined {
  try {
    return parsePath(text);
  } catch {
    return undefined;
  }
}

/** A linked parameter writes its source's value: its paths join the source's. Chains are followed. */
function foldLinked(built: Parameter[], linked: readonly Linked[], declared: ReadonlySet<string>, issues: IssueList): Parameter[] {
  const byName = new Map(built.map((p) => [p.name, p]));
  const linkedByName = new Map(linked.map((l) => [l.name, l]));
  const extra = new Map<string, InputPath[]>();
  for (const link of linked) {
    let source = link.source;
    const seen = new Set([link.name]);
    while (linkedByName.has(source) && !seen.has(source)) {
      seen.add(source);
      source = (linkedByName.get(source) as Linked).source;
    }
    if (seen.has(source)) {
      issues.add([...link.at, "source"], `linked parameters form a cycle (${[...seen].join(" → ")})`);
    } else if (!byName.has(source) && !declared.has(source)) {
      const known = [...byName.keys()];
      issues.add([...link.at, "source"], `"${link.source}" is not a parameter${didYouMean(link.source, known)}`);
    } else {
      extra.set(source, [...(extra.get(source) ?? []), ...link.paths]);
    }
  }
  return built.map((p) => (extra.has(p.name) ? { ...p, paths: [...p.paths, ...(extra.get(p.name) ?? [])] } : p));
}

/** Two parameters writing one input means the later silently wins: refuse it. */
function checkSharedPaths(parameters: readonly Parameter[], issues: IssueList): void {
  const owner = new Map<string, string>();
  for (const parameter of parameters) {
    for (const path of parameter.paths) {
      const key = formatPath(path);
      const first = owner.get(key);
      if (first !== undefined && first !== parameter.name) {
        issues.add(parameter.at, `${key} is also written by parameter "${first}"; use paths: on one parameter (or type: linked) instead`, "key");
      } else {
        owner.set(key, parameter.name);
      }
    }
  }
}
