import { loadPlugins } from "~/services/plugin-registry.server";
import { parseCommandArgs, type CliCommand } from "../command";

const plugins: CliCommand = {
  name: "plugins",
  summary: "List the export plugins: built-in and installed in the data directory",
  usage: `scriptpilot plugins [--data-dir <dir>] [--json]

  --data-dir <dir>   where third-party plugins live, in <dir>/plugins (default SCRIPTPILOT_DATA_DIR or ./data)
  --json             print the list as JSON

A plugin that cannot be loaded is listed with the reason.`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      options: { "data-dir": { type: "string" }, json: { type: "boolean" } },
    });
    const dataDir = values["data-dir"] ?? process.env.SCRIPTPILOT_DATA_DIR ?? "data";
    const list = await loadPlugins({ dataDir });
    if (values.json) {
      const rows = list.map((p) => ({
        id: p.id,
        source: p.source,
        ...(p.manifest
          ? {
              name: p.manifest.name,
              version: p.manifest.version,
              target: p.manifest.target,
              mediaType: p.manifest.mediaType,
            }
          : {}),
        problems: p.problems,
      }));
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    const rows = list.map((p) =>
      p.manifest && p.problems.length === 0
        ? [p.id, p.manifest.name, p.manifest.version, p.manifest.target, p.manifest.mediaType, p.source]
        : [p.id, "(not loaded)", "", "", "", p.source],
    );
    const header = ["ID", "NAME", "VERSION", "TARGET", "MEDIA TYPE", "SOURCE"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => c.padEnd(widths[i]))
        .join("  ")
        .trimEnd() + "\n";
    io.stdout.write(line(header));
    for (const row of rows) io.stdout.write(line(row));
    for (const p of list.filter((x) => x.problems.length > 0))
      io.stdout.write(`\n${p.id} (${p.location}) was not loaded: ${p.problems.join("; ")}.\n`);
    return 0;
  },
};

export default plugins;
