/** --until and --budget (cr-batch, cr-shots): a moment or a length of time → the sweep's time box. */
import { InvalidArgumentError } from "commander";
import { UserError } from "../core/errors.js";
import type { TimeBoxFlag } from "../commands/sweep/time-box.js";

const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)$/;
// Date.parse accepts much more than ISO 8601 (and differs between engines): only this form reaches it.
const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** HH:MM → its next occurrence in local time (today if still ahead, else tomorrow); or an ISO date and time. */
export function parseUntil(value: string, now: Date = new Date()): number {
  const text = value.trim();
  const clock = CLOCK.exec(text);
  if (clock) {
    const at = new Date(now);
    at.setHours(Number(clock[1]), Number(clock[2]), 0, 0);
    // setDate, not + 24 h: the next 07:00 stays 07:00 across a daylight-saving change.
    if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
    return at.getTime();
  }
  const ms = ISO.test(text) ? Date.parse(text.replace(" ", "T")) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError("expected a time such as 07:00 (the next one, local time) or 2026-12-03T07:00");
  if (ms <= now.getTime()) throw new InvalidArgumentError(`${text} is already past`);
  return ms;
}

/** 90m, 8h, 1h30m, 45s, 1.5h → milliseconds. */
export function parseBudget(value: string): number {
  const text = value.trim().toLowerCase();
  const match = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
  const [h, m, s] = [match?.[1], match?.[2], match?.[3]].map((part) => Number(part ?? 0)) as [number, number, number];
  const ms = ((h * 60 + m) * 60 + s) * 1000;
  if (!match || text === "" || !(ms > 0)) throw new InvalidArgumentError("expected a length of time such as 90m, 8h or 1h30m");
  return ms;
}

export function timeBoxFlag(flags: { until?: number; budget?: number }): TimeBoxFlag | undefined {
  if (flags.until !== undefined && flags.budget !== undefined)
    throw new UserError("--until and --budget both set a time box: give one of them.", { hint: "e.g. --until 07:00 or --budget 8h" });
  if (flags.until !== undefined) return { untilMs: flags.until };
  if (flags.budget !== undefined) return { budgetMs: flags.budget };
  return undefined;
}
