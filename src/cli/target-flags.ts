/** --target and --exclude-flagged (cr-report, cr-refine): what "better" means, and whether flagged runs count. */
import { Option, type Command } from "commander";

export interface TargetFlags {
  target?: string;
  excludeFlagged?: boolean;
}

/** Adds both flags; `targetHelp` says what the target explains for this command. */
export function addTargetFlags(program: Command, targetHelp: string): Command {
  return program
    .option("--target <target>", targetHelp)
    .addOption(new Option("--exclude-flagged", "leave out runs with a raised score flag (default for targets with a score)"))
    .addOption(new Option("--no-exclude-flagged", "keep runs with a raised score flag"));
}

/** The flags as the commands' options take them (excludeFlagged only when given). */
export function targetOptions(flags: TargetFlags): { target: string | undefined; excludeFlagged?: boolean } {
  return { target: flags.target, ...(flags.excludeFlagged !== undefined ? { excludeFlagged: flags.excludeFlagged } : {}) };
}
