import { isDomainError } from "~/domain/domain-error";
import { CliError, CliUsageError, type CliCommand, type CliIo } from "./command";
import * as registered from "./commands";

const COMMANDS: CliCommand[] = Object.values(registered);

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Usage: scriptpilot <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run scriptpilot <command> --help for a command's options.",
    "",
  ].join("\n");
}

/** Runs one command line and returns the exit code; never throws, never prints a stack trace. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(overview());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(
      `scriptpilot: unknown command “${name}”. Commands: ${COMMANDS.map((c) => c.name).join(", ")}.\n`,
    );
    return 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr.write(`scriptpilot ${name}: ${error.message} (see scriptpilot ${name} --help)\n`);
      return 2;
    }
    const message =
      error instanceof CliError || isDomainError(error) || error instanceof Error
        ? error.message
        : String(error);
    io.stderr.write(`scriptpilot ${name}: ${message.split("\n")[0]}\n`);
    return 1;
  }
}
