import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/**
 * The ScriptPilot checkout or install: the nearest folder above this module with ScriptPilot's package.json.
 * Found by walking up because this module runs from app/services in development and from build/ once built.
 */
export function projectRoot(): string {
  if (cached) return cached;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file) && readName(file) === "scriptpilot") return (cached = dir);
    if (path.dirname(dir) === dir) return (cached = process.cwd());
  }
}

function readName(file: string): unknown {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    return typeof parsed === "object" && parsed !== null ? (parsed as { name?: unknown }).name : undefined;
  } catch {
    return undefined;
  }
}
