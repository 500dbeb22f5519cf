import { ScriptOutline } from "~/components/script-outline";
import type { PilotReport } from "~/domain/pilots/report/pilot-aggregator";
import type { Script } from "~/domain/script-types";
import { pct, variantName, whole } from "./format";
import { heatLevel } from "./pilot-dashboard";

/**
 * Each variant's script as an outline with its drop numbers under every step: reached, ended here and the
 * drop rate as words, shaded by how many end there (the shade only repeats the numbers).
 */
export function HeatOverlay({
  report,
  scripts,
}: {
  report: PilotReport;
  scripts: Readonly<Record<string, Script>>;
}) {
  const byNode = new Map(report.nodes.map((n) => [n.nodeId, n]));
  return (
    <section aria-labelledby="dash-overlay" className="outline-heat">
      <h2 id="dash-overlay">Where people drop, on the script</h2>
      {report.variants.map((v) => {
        const script = scripts[v.id];
        if (!script) return null;
        return (
          <details key={v.id}>
            <summary>
              {variantName(v)}: {script.title}
            </summary>
            <ScriptOutline
              script={script}
              annotate={(node) => {
                const row = byNode.get(node.id)?.byVariant.find((b) => b.variantId === v.id);
                if (!row || (row.reached === 0 && row.ended === 0)) {
                  return <p className="muted small">No calls reached this step.</p>;
                }
                return (
                  <ul className="heat-notes" aria-label={`Calls at this step, ${variantName(v)}`}>
                    <li className="heat-note">reached {whole(row.reached)}</li>
                    <li className="heat-note" data-heat={heatLevel(row.dropRate)}>
                      ended here {whole(row.ended)} ({pct(row.dropRate, 0)})
                    </li>
                  </ul>
                );
              }}
            />
          </details>
        );
      })}
    </section>
  );
}
