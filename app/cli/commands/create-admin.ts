/**
 * `scriptpilot create-admin`: makes an admin account on the data directory, for scripted installs and for
 * getting back in when every admin is locked out. Run it with the server stopped: the data directory's
 * lock file lets one process use it at a time.
 */
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { isDomainError } from "~/domain/domain-error";
import { ROLES } from "~/domain/users/roles";
import { closeAppContext, dataDirectory, getAppContext } from "~/services/app-context.server";
import { recordAudit } from "~/services/audit.server";
import { createUser, findUserByUsername } from "~/services/users.server";
import type { CliCommand, CliIo } from "../command";

export const name = "create-admin";
export const summary = "Create an admin account (run with the server stopped)";
export const usage = `scriptpilot create-admin [--username <name>] [--name <display name>] [--password <password>] [--roles <list>]

  --username <name>       the sign-in name (asked for when left out)
  --name <display name>   how the person is shown (default: the username)
  --password <password>   asked for without echo when left out; on the command line it can show up in
                          the shell history and process list, so prefer the prompt
  --roles <list>          extra roles besides admin, comma separated (default: writer,lead,approver;
                          "none" for an admin who only manages accounts)

Works on SCRIPTPILOT_DATA_DIR (default ./data). Refuses a username that already exists.`;

class UsageError extends Error {}

const FLAGS = ["username", "name", "password", "roles"] as const;
type Flag = (typeof FLAGS)[number];

function parse(args: readonly string[]): Partial<Record<Flag, string>> {
  const values: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith("--") ? arg.slice(2).split(/=(.*)/s, 2) : [undefined, undefined];
    const known = FLAGS.find((f) => f === flag);
    if (!known) throw new UsageError(`unknown argument “${arg}”`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`--${known} needs a value`);
    values[known] = value;
  }
  return values;
}

function parseRoles(raw: string | undefined): string[] {
  if (raw === undefined) return ["admin", "writer", "lead", "approver"];
  if (raw.trim() === "none") return ["admin"];
  const roles = raw
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new UsageError(`unknown role “${unknown[0]}” (roles: ${ROLES.join(", ")})`);
  return ["admin", ...roles.filter((r) => r !== "admin")];
}

export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string, code = 1) => {
    io.stderr.write(`scriptpilot create-admin: ${message}\n`);
    return code;
  };
  let values: Partial<Record<Flag, string>>;
  let roles: string[];
  try {
    values = parse(args);
    roles = parseRoles(values.roles);
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message}\n\nUsage: ${usage}`, 2);
    throw error;
  }
  const ask = io.prompt ?? terminalPrompt;
  const username = values.username ?? (await ask("Username: ", false));
  let password = values.password;
  if (password === undefined) {
    password = await ask("Password: ", true);
    if ((await ask("Password again: ", true)) !== password)
      return fail("the two passwords are not the same; nothing was created.");
  }

  let context;
  try {
    context = await getAppContext();
  } catch (error) {
    return fail(
      `${error instanceof Error ? error.message : String(error)} (is the server running? stop it first)`,
    );
  }
  try {
    if (await findUserByUsername(context.storage, username)) {
      return fail(
        `a user named “${username.trim().toLowerCase()}” already exists in ${dataDirectory()}; nothing was changed.`,
      );
    }
    const user = await createUser(
      context.storage,
      { username, displayName: values.name ?? username.trim(), password, roles, createdBy: "cli" },
      new Date().toISOString(),
    );
    await recordAudit({
      storage: context.storage,
      actor: "cli",
      action: "user.created",
      object: { type: "user", id: user.id },
      details: { roles: user.roles },
    });
    io.stdout.write(`Created admin “${user.username}” (${user.roles.join(", ")}) in ${context.dataFile}.\n`);
    return 0;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return fail(`${error.message}\n${error.details.map((d) => `  ${d.path}: ${d.message}`).join("\n")}`);
  } finally {
    await closeAppContext();
  }
}

/** Reads a line from the terminal; a secret is read without echoing what is typed. */
function terminalPrompt(question: string, secret: boolean): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY === true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      if (secret) process.stdout.write("\n");
      resolve(answer);
    });
    muted = secret;
  });
}

const createAdminCommand: CliCommand = { name, summary, usage, run };
export default createAdminCommand;
