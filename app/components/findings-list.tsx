import type { Finding } from "~/domain/graph-checks";

/** The graph checks' findings, errors first; each links to its node in the outline. */
export function FindingsList({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <p className="badge ok">No problems found.</p>;
  return (
    <ul className="findings" aria-label="Problems">
      {findings.map((f, i) => (
        <li key={i}>
          <span className={`badge ${f.severity}`}>{f.severity === "error" ? "Error" : "Warning"}</span>
          <span>
            {f.nodeId ? <a href={`#node-${f.nodeId}`}>{f.message}</a> : f.message}
          </span>
        </li>
      ))}
    </ul>
  );
}
