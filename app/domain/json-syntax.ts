import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";

export interface JsonSyntaxError {
  line: number;
  column: number;
  /** e.g. "value expected at line 3, column 7" — never quotes the text itself, which may hold personal data. */
  message: string;
}

/**
 * Parses strict JSON; on failure, says where the first problem is as a person finds it in an editor.
 * (V8's own messages differ between versions and may quote the file's content.)
 */
export function parseJsonWithLocation(text: string): { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: locateJsonError(text) };
  }
}

function locateJsonError(text: string): JsonSyntaxError {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  const offset = first ? first.offset : text.length;
  const what = first ? describeCode(printParseErrorCode(first.error)) : "the JSON is not valid";
  const before = text.slice(0, offset).split("\n");
  const line = before.length;
  const column = before[before.length - 1].length + 1;
  return { line, column, message: `${what} at line ${line}, column ${column}` };
}

function describeCode(code: string): string {
  // "ValueExpected" -> "value expected"
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
