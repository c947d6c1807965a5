/**
 * DOM helpers. Text reaches the DOM only through textContent and attribute setters, never
 * innerHTML, so nothing in the data can become markup.
 */
import type { PageValue } from "./data.js";

type Text = string | number | boolean | null | undefined;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string | null, text?: Text): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

/** An element of the page's fixed markup (html.ts), checked to be of the expected kind. */
export function $(id: string): HTMLElement;
export function $<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T;
export function $(id: string, type: { new (): HTMLElement; prototype: HTMLElement } = HTMLElement): HTMLElement {
  const e = document.getElementById(id);
  if (!(e instanceof type)) throw new Error(`page element #${id} is missing`);
  return e;
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export function show(v: PageValue | undefined): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Math.round(v * 10000) / 10000);
  return String(v);
}

export function option(select: HTMLSelectElement, value: string, label: string): HTMLOptionElement {
  const o = el("option", null, label);
  o.value = value;
  select.appendChild(o);
  return o;
}

export function chip(name: string, value: PageValue | undefined): HTMLSpanElement {
  const c = el("span", "chip");
  c.appendChild(el("b", null, name));
  c.appendChild(document.createTextNode(show(value)));
  c.title = `${name} = ${show(value)}`;
  return c;
}

export function setStatus(text: string): void {
  const s = document.getElementById("status");
  if (s) s.textContent = text;
}
