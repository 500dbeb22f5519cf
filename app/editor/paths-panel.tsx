import type { ScriptPath } from "~/domain/speaking-time";
import { enumeratePaths } from "~/domain/speaking-time";
import { useMemo } from "react";
import { useEditor } from "./editor-store";

export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/** Speaking time per path, and a list of distinct paths; choosing one highlights it on the canvas. */
export function PathsPanel() {
  const checks = useEditor((s) => s.checks);
  const highlight = useEditor((s) => s.highlight);
  const setHighlight = useEditor((s) => s.setHighlight);
  // The document the live checks last saw, not the one being typed into: the paths follow the checks,
  // off the keystroke's path.
  const doc = checks?.doc;
  const paths = useMemo(() => (doc ? enumeratePaths(doc, { maxPaths: 200 }) : []), [doc]);
  const sorted = useMemo(() => [...paths].sort((a, b) => a.seconds - b.seconds), [paths]);
  if (!checks) {
    return (
      <p className="sp-empty" role="status">
        Timing the paths…
      </p>
    );
  }
  const { timing } = checks;
  const isShown = (p: ScriptPath) => highlight?.edgeIds.join() === p.edgeIds.join() && highlight?.nodeIds.join() === p.nodeIds.join();

  return (
    <div className="sp-paths">
      <dl className="sp-timing">
        <div>
          <dt>Shortest</dt>
          <dd>{timing.shortest ? formatSeconds(timing.shortest.seconds) : "–"}</dd>
        </div>
        <div>
          <dt>Typical</dt>
          <dd>{timing.typical ? formatSeconds(timing.typical.seconds) : "–"}</dd>
        </div>
        <div>
          <dt>Longest</dt>
          <dd>{timing.longest ? formatSeconds(timing.longest.seconds) : "–"}</dd>
        </div>
        <div>
          <dt>Opening</dt>
          <dd>{formatSeconds(timing.openingSeconds)}</dd>
        </div>
      </dl>
      <h3>
        {timing.pathCount} path{timing.pathCount === 1 ? "" : "s"}
        {timing.truncated ? " (first ones only)" : ""}
      </h3>
      {sorted.length === 0 ? (
        <p className="sp-empty">No path reaches an end yet. Connect the start to the first step.</p>
      ) : (
        <ol className="sp-path-list">
          {sorted.map((p, i) => (
            <li key={i}>
              <button
                type="button"
                aria-pressed={isShown(p)}
                onClick={() => setHighlight(isShown(p) ? null : { nodeIds: p.nodeIds, edgeIds: p.edgeIds })}
              >
                <span>{p.outcomeLabel ?? "Dead end"}</span>
                <span className="meta">
                  {p.nodeIds.length} steps · {formatSeconds(p.seconds)}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
