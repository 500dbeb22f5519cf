import { parseArgs, type ParseArgsConfig } from "node:util";

/** What a command may write to and ask; tests pass collectors, the binary passes the process's streams. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Asks for a value; `secret` hides what is typed (commands that need it default to the terminal). */
  prompt?: (question: string, secret: boolean) => Promise<string>;
}

/**
 * One `scriptpilot <name>` command (ADR 0004). `run` returns the exit code: 0 done, 1 failed (one clear
 * line on stderr), 2 used wrongly (the line and a pointer to --help).
 */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: readonly string[], io: CliIo): number | Promise<number>;
}

/** Wrong arguments: exit code 2 and a pointer to the command's --help. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliUsageError";
  }
}

/** An expected failure: exit code 1 with this one line. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/**
 * `node:util` parseArgs over a command's arguments; wrong ones (an unknown option, a missing value) are a
 * CliUsageError, so the command exits 2 with the reason and a pointer to its --help.
 */
export function parseCommandArgs<const T extends Omit<ParseArgsConfig, "args">>(
  args: readonly string[],
  config: T,
): ReturnType<typeof parseArgs<T & { args: string[] }>> {
  try {
    return parseArgs({ ...config, args: [...args] });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
}
