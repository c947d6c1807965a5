/** Switching between grid and pivot, and redrawing after any change of the user's choices. */
import { $ } from "./dom.js";
import { computeCurrent } from "./filters.js";
import { renderGrid } from "./grid.js";
import { renderPivot } from "./pivot.js";
import { SHOWN, STATE } from "./state.js";

export function setView(view: "grid" | "pivot"): void {
  STATE.view = view;
  $("view-grid").classList.toggle("on", view === "grid");
  $("view-pivot").classList.toggle("on", view === "pivot");
  $("grid").hidden = view !== "grid";
  $("pivot").hidden = view !== "pivot";
  refresh();
}

export function refresh(): void {
  computeCurrent();
  if (STATE.view === "grid") renderGrid(SHOWN.runs);
  else renderPivot(SHOWN.runs);
}
