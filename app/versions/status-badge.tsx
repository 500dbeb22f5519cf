import type { ReviewState } from "~/domain/versions/review-state";
import { STATUS_LABELS, type VersionStatus } from "~/domain/versions/version-types";

/** A version's state as a word (never colour alone). */
export function VersionStatusBadge({ status }: { status: VersionStatus }) {
  return (
    <span className="badge version-status" data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}

/** A script's review state for the library and the editor: "Draft", "In review · v3", … */
export function ReviewStateBadge({ state }: { state: ReviewState }) {
  return (
    <span className="badge version-status" data-status={state.status} title="Review state of the latest version">
      {state.label}
    </span>
  );
}
