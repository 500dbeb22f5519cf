// Runs one third-party plugin operation in a worker thread, so that a plugin that throws, hangs or eats memory
// cannot take the server with it: the parent enforces the time limit (terminate) and the memory limit
// (resourceLimits). Plain JavaScript on purpose: it must start without a TypeScript loader, and third-party
// plugins are JavaScript (built-ins run in process; see plugin-runner.server.ts).
import { parentPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";

const { op, entry, version, config, now } = workerData;

function freeze(value) {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) freeze(child);
  }
  return value;
}

function plainError(error) {
  if (error instanceof Error) {
    const { code, nodeIds } = /** @type {{ code?: unknown, nodeIds?: unknown }} */ (error);
    return {
      name: error.name,
      message: error.message,
      code: typeof code === "string" ? code : undefined,
      nodeIds: Array.isArray(nodeIds) ? nodeIds.filter((id) => typeof id === "string") : undefined,
    };
  }
  return { name: "Error", message: String(error) };
}

async function main() {
  const mod = await import(pathToFileURL(entry).href);
  const plugin = mod.default ?? mod.plugin;
  if (typeof plugin !== "object" || plugin === null) {
    throw new Error("the module has no default export (export default definePlugin({ ... }))");
  }
  if (op === "inspect") {
    parentPort.postMessage({ ok: true, manifest: plugin.manifest, configSchema: plugin.configSchema });
    return;
  }
  if (typeof plugin.export !== "function") throw new Error("the plugin has no export(version, ctx) function");
  const logs = [];
  const ctx = freeze({
    config: config ?? {},
    now,
    logger: {
      info: (message) => logs.push({ level: "info", message: String(message) }),
      warn: (message) => logs.push({ level: "warn", message: String(message) }),
    },
  });
  const result = await plugin.export(freeze(version), ctx);
  const body = result?.body;
  if (typeof body !== "string" && !(body instanceof Uint8Array)) {
    throw new Error("export() must return { filename, mediaType, body } with a string or Uint8Array body");
  }
  parentPort.postMessage({
    ok: true,
    result: { filename: result.filename, mediaType: result.mediaType, body },
    logs,
  });
}

main().catch((error) => parentPort.postMessage({ ok: false, error: plainError(error) }));
