import { Link, useInRouterContext } from "@remix-run/react";

/** Opens a preview call that starts at this step. Inside the app it is a client navigation, so the editor saves first. */
export function RunFromHereLink({ scriptId, nodeId }: { scriptId: string; nodeId: string }) {
  const href = `/scripts/${encodeURIComponent(scriptId)}/run?from=${encodeURIComponent(nodeId)}`;
  const inRouter = useInRouterContext();
  return inRouter ? (
    <Link className="button small" to={href}>
      Run from here
    </Link>
  ) : (
    <a className="button small" href={href}>
      Run from here
    </a>
  );
}
