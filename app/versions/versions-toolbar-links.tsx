import { Link, useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import type { ReviewState } from "~/domain/versions/review-state";
import { ReviewStateBadge } from "./status-badge";

function isReviewState(value: unknown): value is { state: ReviewState } {
  return typeof value === "object" && value !== null && "state" in value;
}

/**
 * The editor toolbar's versions corner: the script's review state, its history, and "Publish version".
 * The state comes from a small resource route so the editor's own loader stays untouched.
 */
export function VersionsToolbarLinks({ scriptId }: { scriptId: string }) {
  const fetcher = useFetcher();
  const { load } = fetcher;
  useEffect(() => {
    load(`/scripts/${scriptId}/versions/state`);
  }, [load, scriptId]);
  const state = isReviewState(fetcher.data) ? fetcher.data.state : undefined;
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
