import { isDomainError, type DomainErrorCode, type ProblemDetail } from "~/domain/domain-error";
import { ConflictError, NotFoundError } from "~/storage/storage-adapter";

const STATUS: Record<DomainErrorCode, number> = {
  invalid: 422,
  "not-found": 404,
  conflict: 409,
  "too-large": 413,
  "unsupported-version": 422,
  forbidden: 403,
};

const NOUNS: Record<string, string> = { scripts: "script", versions: "version", pilots: "pilot" };

export interface HttpProblem {
  status: number;
  message: string;
  details: ProblemDetail[];
}

/** Known failures become a status and a message for a person; anything else is rethrown (a 500). */
export function toHttpProblem(error: unknown): HttpProblem {
  if (isDomainError(error)) return { status: STATUS[error.code], message: error.message, details: error.details };
  if (error instanceof NotFoundError) return { status: 404, message: error.message, details: [] };
  if (error instanceof ConflictError) {
    return { status: 409, message: error.describe(NOUNS[error.collection] ?? "document"), details: [] };
  }
  throw error;
}

/** For loaders and actions that have no form to show the error on: the shared error boundary shows it. */
export function throwAsResponse(error: unknown): never {
  const problem = toHttpProblem(error);
  throw new Response(problem.message, { status: problem.status, statusText: statusTextOf(problem.message) });
}

/**
 * HTTP status text must be Latin-1 (the Response constructor throws otherwise), and our messages use curly
 * quotes and names in any script: keep what fits, the full message is the body.
 */
function statusTextOf(message: string): string {
  return message
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/[^\x20-\x7e\xa0-\xff]/g, "?")
    .slice(0, 100);
}

/** A required text field from a submitted form, or a 400 saying which field is missing. */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  if (typeof value !== "string") throw new Response(`The form field “${name}” is missing.`, { status: 400 });
  return value;
}

/** A whole number from a submitted form (revisions), or a 400. */
export function formInteger(form: FormData, name: string): number {
  const value = Number(formText(form, name));
  if (!Number.isInteger(value) || value < 0) {
    throw new Response(`The form field “${name}” must be a whole number.`, { status: 400 });
  }
  return value;
}
