import { API_SCOPES, createApiKey, listApiKeys, revokeApiKey } from "~/services/api-keys.server";
import { closeAppContext, getAppContext } from "~/services/app-context.server";
import { CliUsageError, type CliCommand, parseCommandArgs } from "../command";

/**
 * `scriptpilot api-key create|list|revoke`: dialer API keys for scripted installs. Works on the data
 * directory with the server stopped (one process at a time holds it). A new key's token is printed once.
 */
const apiKeyCommand: CliCommand = {
  name: "api-key",
  summary: "Create, list or revoke dialer API keys (run with the server stopped)",
  usage: `scriptpilot api-key create --name <who uses it> --scopes <list>
scriptpilot api-key list
scriptpilot api-key revoke <key id>

  --name <text>      who uses the key, e.g. the dialer's name
  --scopes <list>    comma separated: ${API_SCOPES.join(", ")}

The token (spk_<id>_<secret>) is printed once by create and cannot be shown again: only its hash is kept.
Works on SCRIPTPILOT_DATA_DIR (default ./data).`,
  async run(args, io) {
    const [action, ...rest] = args;
    const { values, positionals } = parse(rest);
    if (action === "create") {
      if (!values.name) throw new CliUsageError("--name is required");
      if (!values.scopes) throw new CliUsageError(`--scopes is required (${API_SCOPES.join(", ")})`);
      const scopes = values.scopes.split(",").map((s) => s.trim()).filter(Boolean);
      return withStorage(async () => {
        const { key, token } = await createApiKey({ name: values.name ?? "", scopes, createdBy: "cli", now: new Date() });
        io.stdout.write(`Created API key ${key.id} (“${key.name}”, ${key.scopes.join(", ")}). Its token, shown only now:\n${token}\n`);
        return 0;
      });
    }
    if (action === "list") {
      return withStorage(async () => {
        const keys = await listApiKeys();
        if (keys.length === 0) io.stdout.write("No API keys yet. Make one with: scriptpilot api-key create --name … --scopes …\n");
        for (const key of keys) {
          const state = key.revokedAt ? `revoked ${key.revokedAt}` : key.lastUsedAt ? `last used ${key.lastUsedAt}` : "never used";
          io.stdout.write(`${key.id}  ${key.name}  [${key.scopes.join(", ")}]  ${state}\n`);
        }
        return 0;
      });
    }
    if (action === "revoke") {
      const [id] = positionals;
      if (!id) throw new CliUsageError("name the key to revoke: scriptpilot api-key revoke <key id>");
      return withStorage(async () => {
        const key = await revokeApiKey(id, "cli", new Date());
        io.stdout.write(`Revoked API key ${key.id} (“${key.name}”).\n`);
        return 0;
      });
    }
    throw new CliUsageError(action ? `unknown action “${action}”: use create, list or revoke` : "say create, list or revoke");
  },
};

export default apiKeyCommand;

function parse(args: readonly string[]) {
  return parseCommandArgs(args, {
    allowPositionals: true,
    options: { name: { type: "string" }, scopes: { type: "string" } },
  });
}

async function withStorage(work: () => Promise<number>): Promise<number> {
  await getAppContext();
  try {
    return await work();
  } finally {
    await closeAppContext();
  }
}
