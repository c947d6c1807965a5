/**
 * SVG elements for the Insights charts. Like dom.ts: text from the data goes in through
 * textContent only, attributes are numbers and our own class names.
 */
const NS = "http://www.w3.org/2000/svg";

type Attrs = Record<string, string | number>;

export function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) e.setAttribute(name, typeof value === "number" ? String(Math.round(value * 10) / 10) : value);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A root <svg> of a fixed drawing size that scales to its container's width. */
export function svgRoot(width: number, height: number, cls: string, label: string): SVGSVGElement {
  const root = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: cls, role: "img" });
  root.setAttribute("aria-label", label);
  return root;
}

/** A hover tooltip for an SVG element (an SVG <title> child). */
export function tip<T extends SVGElement>(node: T, text: string): T {
  node.appendChild(svgEl("title", {}, text));
  return node;
}

/** A text label, clipped to about `maxChars` with an ellipsis (the full text stays in its tooltip). */
export function label(x: number, y: number, text: string, attrs: Attrs = {}, maxChars = 28): SVGTextElement {
  const shown = text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
  const t = svgEl("text", { x, y, ...attrs }, shown);
  if (shown !== text) tip(t, text);
  return t;
}
