/** `--open`: hand the page to the desktop's browser when there is a desktop, else say so. */
import { spawn } from "node:child_process";

/** The opener command for this platform, or undefined on a machine without a desktop. */
export function opener(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (platform === "darwin") return "open";
  if (platform === "win32") return "explorer";
  return env["DISPLAY"] || env["WAYLAND_DISPLAY"] ? "xdg-open" : undefined;
}

/** True when an opener was started; it is detached so the command can exit at once. */
export function openInBrowser(target: string): Promise<boolean> {
  const command = opener();
  if (!command) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(command, [target], { detached: true, stdio: "ignore" });
    child.once("error", () => resolve(false));
    child.once("spawn", () => {
      child.unref();
      resolve(true);
    });
  });
}
