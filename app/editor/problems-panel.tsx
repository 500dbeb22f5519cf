import { useEditor } from "./editor-store";
import { useFocusNode } from "./use-focus-node";

/** Every finding of the live checks; choosing one selects and centres its node. */
export function ProblemsPanel() {
  // The findings keep their identity while they stay the same (live-checks.ts): typing that changes no
  // finding does not re-render the list.
  const findings = useEditor((s) => s.checks?.findings);
  const focusNode = useFocusNode();
  if (!findings) {
    return (
      <p className="sp-empty" role="status">
        Checking the script…
      </p>
    );
  }
  if (findings.length === 0) {
    return (
      <div className="sp-empty">
        <p>
          <strong>No problems.</strong> Every step is reachable, every answer leads somewhere and every path
          ends.
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

/**
 * The number of findings on the Problems tab. `data-checked-version` is the document version the checks
 * describe: the editor benchmark watches it to time when an edit's checks are on screen.
 */
export function ProblemsBadge() {
  const count = useEditor((s) => s.checks?.findings.length ?? 0);
  const hasErrors = useEditor((s) => (s.checks?.errors ?? 0) > 0);
  const checkedVersion = useEditor((s) => s.checkedVersion);
  return (
    <span className="sp-checks" data-checked-version={checkedVersion}>
      {count > 0 ? <span className={`badge ${hasErrors ? "error" : "warning"}`}>{count}</span> : null}
    </span>
  );
}
