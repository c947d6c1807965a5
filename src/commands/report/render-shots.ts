/** The terminal view of the report's "across shots" part: one column per shot, then the settings that work everywhere. */
import type { ChalkInstance } from "chalk";
import { oneLine } from "../../ui/sanitize.js";
import type { AcrossShotsReport } from "../analysis-shared/across-shots.js";

const NAME_WIDTH = 16;

function num(value: number, digits = 3): string {
  return Number.isFinite(value) ? Number(value.toPrecision(digits)).toString() : "–";
}

export function renderAcrossShots(across: AcrossShotsReport, target: string, c: ChalkInstance): string[] {
  const shots = across.shots.map(oneLine);
  const width = Math.max(12, ...shots.map((s) => s.length + 2));
  const row = (name: string, cells: readonly string[]): string =>
    `  ${oneLine(name).padEnd(NAME_WIDTH)} ${cells.map((cell) => cell.padEnd(width)).join("")}`.trimEnd();
  const lines = ["", c.bold(`Across shots (${shots.length}): settings that work for every scene`)];
  lines.push(c.dim(row("effect share", shots)));
  const names = [...new Set(across.effects.flatMap((e) => e.effects.map((x) => x.name)))];
  for (const name of names)
    lines.push(
      row(
        name,
        across.effects.map((e) => {
          const effect = e.effects.find((x) => x.name === name);
          return effect ? `${Math.round(effect.share * 100)}%${effect.withinNoise ? " noise" : " *"}` : "–";
        }),
      ),
    );
  if (names.length === 0) lines.push("  no effect could be estimated within a shot (too few runs per shot)");
  lines.push(c.dim("  (* beyond seed noise within that shot)"));
  lines.push(c.dim(row("best level", shots)));
  for (const p of across.parameters) {
    const verdict = p.agree ? c.green("agree") : c.yellow(`differ; by mean rank: ${oneLine(p.common)}`);
    lines.push(
      `${row(
        p.name,
        p.best.map((b) => oneLine(b.level)),
      )}  ${verdict}`,
    );
  }
  lines.push(c.bold(`  Best settings by mean rank over ${shots.length} shots (${across.settings_ranked} run on every shot)`));
  if (across.settings_not_in_all_shots > 0) lines.push(c.dim(`  ${across.settings_not_in_all_shots} setting(s) not run on every shot are left out`));
  across.settings.forEach((s, i) => {
    const values = Object.entries(s.values).map(([k, v]) => `${oneLine(k)}=${oneLine(String(v))}`);
    const per = s.per_shot.map((p) => `${oneLine(p.shot)} ${num(p.mean)} (#${num(p.rank, 2)})`);
    lines.push(`  ${i + 1}. ${values.join(" ")}  mean rank ${num(s.mean_rank, 2)} · ${target}: ${per.join(" · ")}`);
    lines.push(c.dim(`     cr-run <workflow> ${oneLine(s.set)}`));
  });
  return lines;
}
