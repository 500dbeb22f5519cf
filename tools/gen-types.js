// Generates TypeScript types from every schemas/*.schema.json so the schema stays the one source of truth.
// Runs on install (prepare) and before typecheck; output is git-ignored.
import { compileFromFile } from "json-schema-to-typescript";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const schemaDir = path.join(root, "schemas");
const outDir = path.join(root, "app", "types", "generated");

// A schema may $ref another by its $id (as ajv resolves it); read that from schemas/ instead of the network.
const ID_PREFIX = "https://scriptpilot.dev/schemas/";
const localSchemaResolver = {
  order: 1,
  canRead: (file) => file.url.startsWith(ID_PREFIX),
  read: (file) => readFile(path.join(schemaDir, path.basename(file.url.slice(ID_PREFIX.length)))),
};

await mkdir(outDir, { recursive: true });
const files = (await readdir(schemaDir)).filter((f) => f.endsWith(".schema.json"));
for (const file of files) {
  const ts = await compileFromFile(path.join(schemaDir, file), {
    cwd: schemaDir,
    bannerComment: `/* Generated from schemas/${file} by tools/gen-types.js. Do not edit. */`,
    additionalProperties: false,
    unreachableDefinitions: true,
    style: { printWidth: 110 },
    $refOptions: { resolve: { scriptpilot: localSchemaResolver } },
  });
  await writeFile(path.join(outDir, file.replace(".schema.json", ".ts")), ts);
}
console.log(`gen-types: ${files.length} schema(s) -> app/types/generated/`);
