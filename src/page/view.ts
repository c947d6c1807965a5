/** Switching between grid, pivot and insights, and redrawing after any change of the user's choices. */
import { $ } from "./dom.js";
import { computeCurrent } from "./filters.js";
import { renderGrid } from "./grid.js";
import { renderInsights } from "./insights.js";
import { renderPivot } from "./pivot.js";
import { SHOWN, STATE, type View } from "./state.js";

const VIEWS: readonly View[] = ["grid", "pivot", "insights"];

export function setView(view: View): void {
  STATE.view = view;
  for (const v of VIEWS) {
    $(`view-${v}`).classList.toggle("on", view === v);
    $(v).hidden = view !== v;
  }
  refresh();
}

export function refresh(): void {
  computeCurrent();
  if (STATE.view === "grid") renderGrid(SHOWN.runs);
  else if (STATE.view === "pivot") renderPivot(SHOWN.runs);
  else renderInsights();
}
