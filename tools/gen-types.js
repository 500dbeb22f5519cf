// Generates TypeScript types from every schemas/*.schema.json so the schema stays the one source of truth.
// Runs on install (prepare) and before typecheck; output is git-ignored.
import { compileFromFile } from "json-schema-to-typescript";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const schemaDir = path.join(root, "schemas");
const outDir = path.join(root, "app", "types", "generated");

await mkdir(outDir, { recursive: true });
const files = (await readdir(schemaDir)).filter((f) => f.endsWith(".schema.json"));
for (const file of files) {
  const ts = await compileFromFile(path.join(schemaDir, file), {
    cwd: schemaDir,
    bannerComment: `/* Generated from schemas/${file} by tools/gen-types.js. Do not edit. */`,
    additionalProperties: false,
    unreachableDefinitions: true,
    style: { printWidth: 110 },
  });
  await writeFile(path.join(outDir, file.replace(".schema.json", ".ts")), ts);
}
console.log(`gen-types: ${files.length} schema(s) -> app/types/generated/`);
