import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/**
 * Reloads the page's data every `intervalMs` while `active` (the pilot runs), only when the tab is visible
 * and no reload is under way; coming back to the tab reloads at once. Without JavaScript the page is simply
 * as of its last load, which the "updated at" time says.
 */
export function useLiveRevalidation(active: boolean, intervalMs = 5000) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const tick = () => {
      if (document.visibilityState === "visible" && state === "idle") revalidate();
    };
    const timer = window.setInterval(tick, intervalMs);
    const onVisible = () => {
      if (document.visibilityState === "visible") tick();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [active, intervalMs, revalidate, state]);
  return state;
}

/** "Updated at 09:41:05 UTC": shown, not announced, so a screen reader is not interrupted on every refresh. */
export function UpdatedAt({ at, live, refreshing }: { at: string; live: boolean; refreshing: boolean }) {
  const time = at.slice(11, 19);
  return (
    <p className="updated-at muted small">
      Updated at <time dateTime={at}>{time} UTC</time>
      {live ? (refreshing ? " · refreshing…" : " · refreshes every few seconds while the pilot runs") : ""}
    </p>
  );
}
