// `npm start` builds first when there is no build yet or the sources changed since the last one.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const output = path.join(root, "build", "index.js");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const sources = ["app", "plugins", "schemas"].map((d) => path.join(root, d)).filter(existsSync);
const sourceTime = Math.max(statSync(path.join(root, "remix.config.js")).mtimeMs, ...sources.map(newestMtime));
if (!existsSync(output) || statSync(output).mtimeMs < sourceTime) {
  console.log("Building ScriptPilot (first start or sources changed)...");
  execSync("npm run build", { cwd: root, stdio: "inherit" });
}
