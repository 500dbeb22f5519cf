// Production server: opens storage (refusing to start on a damaged data file) before it listens.
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));
const build = await import("./build/index.js");
const port = Number(process.env.PORT || 3000);

try {
  const info = await build.entry.module.startup();
  console.log(`ScriptPilot data: ${info.dataFile}${info.created ? " (created with demo scripts)" : ""}`);
} catch (error) {
  console.error(`ScriptPilot cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
// The client's address lets login throttling count failures per address as well as per username.
app.all(
  "*",
  createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext: (req) => ({ clientAddress: req.socket.remoteAddress }) }),
);

// The dialer API answers on node's own objects, before express and Remix, so a polling dialer stays cheap.
const { handleApiRequest, API_PREFIX } = build.entry.module;
const server = createServer((req, res) => {
  if (req.url === API_PREFIX || req.url?.startsWith(`${API_PREFIX}/`)) handleApiRequest(req, res);
  else app(req, res);
});
server.listen(port, () => console.log(`ScriptPilot is running on http://localhost:${port}`));

async function shutdown() {
  server.close();
  await build.entry.module.shutdown();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
