import { randomUUID } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { checkScript } from "~/domain/graph-checks";
import type { ExportableVersion } from "../../../plugins/sdk";
import { draftExportable, exportableFromBundle, runExport } from "~/services/exports.server";
import { looksLikeBundle, scriptFromBundle } from "~/services/export-bundle.server";
import { loadPlugins } from "~/services/plugin-registry.server";
import { parseScriptDocument } from "~/services/schema-validation.server";
import { CliError, CliUsageError, type CliCommand, parseCommandArgs } from "../command";
import { readJsonFile } from "../read-document";

const exportCommand: CliCommand = {
  name: "export",
  summary: "Export a script or bundle file through a plugin",
  usage: `scriptpilot export --plugin <id> --in <script.json|bundle.json> --out <file> [--draft] [--config <settings.json>]

  --plugin <id>       the plugin (see scriptpilot plugins)
  --in <file>         an export bundle of an approved version, or a script file
  --out <file>        where to write the result (replaced only once the export has succeeded)
  --draft             export a script that is not an approved version; the output is marked as a draft
  --config <file>     the plugin's settings as a JSON object
  --data-dir <dir>    where third-party plugins live (default SCRIPTPILOT_DATA_DIR or ./data)

Only approved versions are exported without --draft. A script with graph-check errors is refused.`,
  async run(args, io) {
    const values = parse(args);
    for (const flag of ["plugin", "in", "out"] as const)
      if (!values[flag]) throw new CliUsageError(`--${flag} is required`);
    const [pluginId, input, out] = [values.plugin as string, values.in as string, values.out as string];
    const raw = await readJsonFile(input);
    let version: ExportableVersion;
    if (looksLikeBundle(raw)) {
      const { bundle, script } = scriptFromBundle(raw);
      version = exportableFromBundle(bundle, script);
    } else {
      if (!values.draft) {
        throw new CliError(
          `${input} is a script, not an approved version; export it with --draft to mark the output as a draft.`,
        );
      }
      version = draftExportable(parseScriptDocument(raw));
    }
    if (values.draft) {
      const { approvedBy: _by, approvedAt: _at, ...rest } = version;
      version = { ...rest, draft: true };
    } else if (version.status !== "approved") {
      throw new CliError(
        `Version ${version.number} of “${version.script.title}” is ${version.status}, not approved; use --draft to export it marked as a draft.`,
      );
    }
    const errors = checkScript(version.script).filter((f) => f.severity === "error");
    if (errors.length > 0) {
      throw new CliError(
        `${input} has ${errors.length} graph error${errors.length === 1 ? "" : "s"} (first: ${errors[0].message}); run scriptpilot validate ${input}.`,
      );
    }
    const config = values.config ? await readConfig(values.config) : {};
    const plugins = await loadPlugins({
      dataDir: values["data-dir"] ?? process.env.SCRIPTPILOT_DATA_DIR ?? "data",
    });
    const { result, logs } = await runExport({
      plugins,
      pluginId,
      version,
      config,
      now: new Date().toISOString(),
    });
    for (const line of logs) io.stderr.write(`${pluginId} ${line.level}: ${line.message}\n`);
    await writeAtomically(out, result.body);
    const bytes = typeof result.body === "string" ? Buffer.byteLength(result.body) : result.body.byteLength;
    io.stdout.write(
      `Wrote ${out} (${result.mediaType}, ${bytes} bytes)${version.draft ? " marked as a DRAFT" : ""} with ${pluginId}.\n`,
    );
    return 0;
  },
};

export default exportCommand;

function parse(args: readonly string[]) {
  return parseCommandArgs(args, {
    options: {
      plugin: { type: "string" },
      in: { type: "string" },
      out: { type: "string" },
      draft: { type: "boolean" },
      config: { type: "string" },
      "data-dir": { type: "string" },
    },
  }).values;
}

async function readConfig(file: string): Promise<Record<string, unknown>> {
  const raw = await readJsonFile(file);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new CliError(`${file}: the settings must be a JSON object.`);
  return Object.fromEntries(Object.entries(raw));
}

/** Never leaves a half-written file: write beside the target, then rename over it. */
async function writeAtomically(file: string, body: string | Uint8Array): Promise<void> {
  const temp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temp, body);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw new CliError(
      `${file} could not be written (${(error as { code?: string }).code ?? (error as Error).message}).`,
    );
  }
}
