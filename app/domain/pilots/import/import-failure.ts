import { DomainError } from "../../domain-error";

/** Why a file imported nothing; each has its own message that says what to do. */
export type ImportFailureReason =
  | "empty"
  | "binary"
  | "too-large"
  | "unknown-encoding"
  | "no-rows"
  | "no-header"
  | "duplicate-column"
  | "missing-column"
  | "no-phone-column"
  | "unterminated-quote";

/** A problem with the whole file: nothing is imported. A DomainError, so routes answer it as 400/413. */
export class ImportFailure extends DomainError {
  readonly reason: ImportFailureReason;

  constructor(reason: ImportFailureReason, message: string) {
    super(reason === "too-large" ? "too-large" : "invalid", message);
    this.name = "ImportFailure";
    this.reason = reason;
  }
}

export function isImportFailure(error: unknown): error is ImportFailure {
  return error instanceof ImportFailure;
}

/** One row left out, by its physical line in the file (the header is line 1). */
export interface RejectedRow {
  line: number;
  reason: string;
}
