/** A run-name pattern split into literal text and replacement fields, Python str.format style. */
export type PatternPart = { kind: "literal"; text: string } | { kind: "field"; name: string; conversion: "s" | "r" | undefined; spec: string };

function describeAt(pattern: string, index: number): string {
  return `in run name pattern "${pattern}" at position ${index + 1}`;
}

function parseField(pattern: string, body: string, start: number): PatternPart {
  const colon = body.indexOf(":");
  const head = colon === -1 ? body : body.slice(0, colon);
  const spec = colon === -1 ? "" : body.slice(colon + 1);
  const bang = head.indexOf("!");
  const name = bang === -1 ? head : head.slice(0, bang);
  const conversion = bang === -1 ? undefined : head.slice(bang + 1);
  const where = describeAt(pattern, start);
  if (name === "") throw new Error(`empty field "{}" ${where}: name the value, e.g. {run_id}`);
  if (/^\d/.test(name)) throw new Error(`positional field "{${name}}" ${where}: use a named field`);
  if (/[.[\]]/.test(name)) {
    throw new Error(`field "{${name}}" ${where}: attribute and index access are not supported`);
  }
  if (conversion !== undefined && conversion !== "s" && conversion !== "r") {
    throw new Error(`field "{${body}}" ${where}: unsupported conversion "!${conversion}" (use !s or !r)`);
  }
  return { kind: "field", name, conversion, spec };
}

export function parsePattern(pattern: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let literal = "";
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    const next = pattern[i + 1];
    if ((ch === "{" && next === "{") || (ch === "}" && next === "}")) {
      literal += ch;
      i += 2;
    } else if (ch === "}") {
      throw new Error(`single "}" ${describeAt(pattern, i)}: write "}}" for a literal brace`);
    } else if (ch === "{") {
      const close = pattern.indexOf("}", i + 1);
      const reopen = pattern.indexOf("{", i + 1);
      if (close === -1) throw new Error(`unclosed "{" ${describeAt(pattern, i)}: write "{{" for a literal brace`);
      if (reopen !== -1 && reopen < close) {
        throw new Error(`"{" inside a field ${describeAt(pattern, reopen)}: nested fields are not supported`);
      }
      if (literal !== "") parts.push({ kind: "literal", text: literal });
      literal = "";
      parts.push(parseField(pattern, pattern.slice(i + 1, close), i));
      i = close + 1;
    } else {
      literal += ch;
      i += 1;
    }
  }
  if (literal !== "") parts.push({ kind: "literal", text: literal });
  return parts;
}
