/** Commander defaults shared by the five binaries, and the common server flags. */
import { Command, InvalidArgumentError, Option } from "commander";
import { readPackageVersion } from "./version.js";
import { escapeControlKeepLines } from "../core/text/escape-control.js";

export function createProgram(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .version(readPackageVersion(), "-V, --version")
    .showHelpAfterError("(add --help for usage and examples)")
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(escapeControlKeepLines(text)) });
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** --server (repeatable where the command allows several) and --header. */
export function addServerOptions(command: Command, options: { multiple?: boolean } = {}): Command {
  const server = new Option(
    "-s, --server <url>",
    options.multiple
      ? "ComfyUI server, host:port or URL; repeat for several (env COMFYUI_URL)"
      : "ComfyUI server, host:port or URL (env COMFYUI_URL; default 127.0.0.1:8188)",
  );
  if (options.multiple) server.argParser(collect);
  return command
    .addOption(server)
    .addOption(
      new Option("-H, --header <header>", "extra HTTP header 'Name: value' for servers behind a proxy; repeatable (env COMFYUI_TOKEN adds a bearer token)")
        .argParser(collect)
        .default([]),
    );
}

export { resolveServers } from "../core/comfy/server.js";

export function parseDurationSeconds(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError("expected a duration such as 90, 90s, 15m or 2h");
  const amount = Number(match[1]);
  const unit = match[2] ?? "s";
  const factor = unit === "ms" ? 0.001 : unit === "s" ? 1 : unit === "m" ? 60 : 3600;
  return amount * factor;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of at least 1");
  return n;
}
