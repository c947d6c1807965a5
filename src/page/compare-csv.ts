/** comparisons.csv: every click of compare mode, undone ones marked, with both runs' names. */
import { BY_ID } from "./data.js";
import { allComparisons } from "./compare-store.js";
import { csvText, download } from "./export-csv.js";

const CHOICE_WORDS = { a: "left", b: "right", tie: "tie", bad: "both bad" } as const;

export function exportComparisons(): void {
  const rows: Array<Array<string | number>> = [
    ["time", "left_run_id", "left_run_name", "right_run_id", "right_run_name", "choice", "winner_run_id", "controlled", "undone"],
  ];
  for (const c of allComparisons()) {
    const winner = c.choice === "a" ? c.a : c.choice === "b" ? c.b : "";
    rows.push([
      new Date(c.t).toISOString(),
      c.a,
      BY_ID[c.a]?.name ?? "",
      c.b,
      BY_ID[c.b]?.name ?? "",
      CHOICE_WORDS[c.choice],
      winner,
      c.controlled ?? "",
      c.undone ? 1 : 0,
    ]);
  }
  download("comparisons.csv", csvText(rows));
}
