import { isDomainError } from "~/domain/domain-error";
import { checkScript } from "~/domain/graph-checks";
import type { Script } from "~/domain/script-types";
import { looksLikeBundle, scriptFromBundle } from "~/services/export-bundle.server";
import { parseScriptDocument } from "~/services/schema-validation.server";
import { CliError, CliUsageError, type CliCommand, parseCommandArgs } from "../command";
import { readJsonFile } from "../read-document";

const validate: CliCommand = {
  name: "validate",
  summary: "Check a script or export bundle file: schema and graph checks",
  usage: `scriptpilot validate <file> [--quiet]

  <file>    a ScriptPilot script (.json) or export bundle
  --quiet   print errors only, not warnings

Prints every problem with the step it is about. Exit code 0 when there are no errors (warnings allowed),
1 when there are.`,
  async run(args, io) {
    const { positionals, values } = parse(args);
    if (positionals.length !== 1)
      throw new CliUsageError(
        positionals.length === 0 ? "name the file to check" : "check one file at a time",
      );
    const [file] = positionals;
    const raw = await readJsonFile(file);
    let script: Script;
    try {
      script = looksLikeBundle(raw) ? scriptFromBundle(raw).script : parseScriptDocument(raw);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      for (const d of error.details) io.stdout.write(`error    ${d.path}: ${d.message}\n`);
      throw new CliError(`${file}: ${error.message} ${count(error.details.length || 1, "schema error")}.`);
    }
    const findings = checkScript(script);
    const errors = findings.filter((f) => f.severity === "error");
    for (const f of findings) {
      if (f.severity === "warning" && values.quiet) continue;
      io.stdout.write(`${f.severity.padEnd(8)} ${f.nodeId ? `node ${f.nodeId}` : "script"}: ${f.message}\n`);
    }
    if (errors.length > 0) throw new CliError(`${file}: ${count(errors.length, "error")} to fix.`);
    const warnings = findings.length - errors.length;
    io.stdout.write(
      `${file}: “${script.title}” is valid${warnings ? ` (${count(warnings, "warning")})` : ""}.\n`,
    );
    return 0;
  },
};

export default validate;

function parse(args: readonly string[]) {
  return parseCommandArgs(args, { allowPositionals: true, options: { quiet: { type: "boolean" } } });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
