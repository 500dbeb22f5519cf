/**
 * The one error type domain code throws. `code` is stable and routes map it to an HTTP status;
 * `message` is written for the person who will read it; `details` lists individual problems.
 */
export type DomainErrorCode =
  | "invalid"
  | "not-found"
  | "conflict"
  | "too-large"
  | "unsupported-version"
  | "forbidden";

export interface ProblemDetail {
  /** Where the problem is, in words a writer understands ("node 'Pitch' (n3), options[2].label"). */
  path: string;
  message: string;
  nodeId?: string;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: ProblemDetail[];

  constructor(code: DomainErrorCode, message: string, details: ProblemDetail[] = []) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
