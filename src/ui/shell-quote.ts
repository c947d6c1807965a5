/** Quotes one argument for a POSIX shell, leaving plain words as they are. */
const SHELL_SAFE = /^[A-Za-z0-9_\-.,:/=+@%]+$/;

export function shellQuote(arg: string): string {
  if (arg !== "" && SHELL_SAFE.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}
