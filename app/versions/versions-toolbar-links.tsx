import { Link } from "@remix-run/react";
import type { ReviewState } from "~/domain/versions/review-state";
import { ReviewStateBadge } from "./status-badge";

/**
 * The editor toolbar's versions corner: the script's review state (from the editor page's loader), its
 * history, and "Publish version".
 */
export function VersionsToolbarLinks({ scriptId, state }: { scriptId: string; state?: ReviewState }) {
  return (
    <>
      {state ? <ReviewStateBadge state={state} /> : null}
      <Link className="button small" to={`/scripts/${scriptId}/versions`}>
        Versions
      </Link>
      <Link className="button small" to={`/scripts/${scriptId}/versions/publish`}>
        Publish version
      </Link>
    </>
  );
}
