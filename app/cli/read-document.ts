import { readFile } from "node:fs/promises";
import { DomainError } from "~/domain/domain-error";
import { parseJsonWithLocation } from "~/domain/json-syntax";
import { CliError } from "./command";

/** A JSON file from the command line; a missing file or bad JSON is one line naming the file and the place. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(
      code === "ENOENT"
        ? `${file}: no such file.`
        : `${file}: cannot be read (${code ?? (error as Error).message}).`,
    );
  }
  const parsed = parseJsonWithLocation(text.replace(/^\uFEFF/, ""));
  if (!parsed.ok) throw new DomainError("invalid", `${file} is not valid JSON: ${parsed.error.message}.`);
  return parsed.value;
}
