#!/usr/bin/env node
// The `scriptpilot` command: loads the TypeScript CLI through tsx (a runtime dependency), with the project's
// tsconfig so its "~/" paths resolve whatever directory the command is run from.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
register({ tsconfig: path.join(root, "tsconfig.json") });
const { main } = await import(pathToFileURL(path.join(root, "app", "cli", "main.ts")).href);
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
