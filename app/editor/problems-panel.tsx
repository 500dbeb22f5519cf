import type { LiveFinding } from "./use-live-checks";
import { useFocusNode } from "./use-focus-node";

/** Every finding of the live checks; choosing one selects and centres its node. */
export function ProblemsPanel({ findings }: { findings: LiveFinding[] }) {
  const focusNode = useFocusNode();
  if (findings.length === 0) {
    return (
      <div className="sp-empty">
        <p>
          <strong>No problems.</strong> Every step is reachable, every answer leads somewhere and every path ends.
        </p>
      </div>
    );
  }
  return (
    <ul className="sp-findings" aria-label="Problems">
      {findings.map((f, i) => (
        <li key={`${f.code}-${f.nodeId ?? ""}-${i}`} data-severity={f.severity}>
          <span className={`badge ${f.severity}`}>{f.severity === "error" ? "Error" : "Warning"}</span>
          {f.nodeId ? (
            <button type="button" className="sp-link" onClick={() => focusNode(f.nodeId!)}>
              {f.message}
            </button>
          ) : (
            <span>{f.message}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
