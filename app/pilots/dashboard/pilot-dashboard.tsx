import type { ReactNode } from "react";
import type { PilotReport } from "~/domain/pilots/report/pilot-aggregator";
import { FunnelChart, RateChart, SurvivalChart, VariantLegend } from "./charts";
import { decisionSentence } from "./decision-sentence";
import {
  decimal,
  money,
  pct,
  pctInterval,
  pointsInterval,
  points,
  pIs,
  pValue,
  signedPct,
  variantName,
  whole,
} from "./format";

type VariantReport = PilotReport["variants"][number];

export interface PilotDashboardProps {
  report: PilotReport;
  /** Node ids to the names a lead recognises; ids are shown when a name is missing. */
  nodeNames?: Readonly<Record<string, string>>;
  /** Rendered after "Where people drop": the script with the drop numbers laid over it (the page only). */
  overlay?: ReactNode;
}

/**
 * Everything the pilot report says, as sections with headings and captioned tables: the page, its HTML
 * export and the e2e tests read the same markup. Charts are decorative duplicates of tables or carry their
 * numbers in their description, so nothing depends on seeing colour.
 */
export function PilotDashboard({ report, nodeNames = {}, overlay }: PilotDashboardProps) {
  if (report.totals.analysed === 0) {
    return (
      <div className="dashboard">
        <section className="card empty" aria-labelledby="dash-empty">
          <h2 id="dash-empty">No calls yet</h2>
          <p>
            The numbers appear here as soon as the first pilot call ends, or when a dialer’s results are
            imported. Each variant needs at least {whole(report.settings.minimumCallsPerVariant)} connected
            calls before the dashboard says which one is better; the plan is{" "}
            {whole(report.settings.plannedSampleSize)} per variant.
          </p>
          <p className="muted">Early rejection: {report.settings.earlyRejection}</p>
        </section>
      </div>
    );
  }
  const control = report.variants.find((v) => v.isControl);
  const byId = new Map(report.variants.map((v) => [v.id, v]));
  const nodeName = (id: string) => nodeNames[id] ?? id;
  return (
    <div className="dashboard">
      <Decisions report={report} control={control} byId={byId} />
      <Counts report={report} />
      <section aria-labelledby="dash-rate">
        <h2 id="dash-rate">Early-rejection rate</h2>
        <p className="muted">{report.settings.earlyRejection}</p>
        <RateChart variants={report.variants} />
      </section>
      <section aria-labelledby="dash-funnel">
        <h2 id="dash-funnel">Funnel</h2>
        <FunnelChart variants={report.variants} />
        <FunnelTable variants={report.variants} />
      </section>
      <Comparisons report={report} byId={byId} />
      <Survival report={report} />
      <Drops report={report} nodeName={nodeName} />
      {overlay}
      <Objections report={report} nodeName={nodeName} />
      <Health report={report} />
      <Aapor report={report} />
      <Costs report={report} byId={byId} />
    </div>
  );
}

function Decisions({
  report,
  control,
  byId,
}: {
  report: PilotReport;
  control?: VariantReport;
  byId: Map<string, VariantReport>;
}) {
  return (
    <section aria-labelledby="dash-decision" className="card decision">
      <h2 id="dash-decision">Decision so far</h2>
      {control === undefined || report.comparisons.length === 0 ? (
        <p>There is no control variant to compare against.</p>
      ) : (
        <ul className="decisions">
          {report.comparisons.map((c) => {
            const challenger = byId.get(c.variantId);
            if (!challenger) return null;
            return (
              <li key={c.variantId} data-decision={c.sequential.decision} data-variant={c.variantId}>
                {decisionSentence(c, challenger, control, report.settings)}
              </li>
            );
          })}
        </ul>
      )}
      <p className="muted small">
        Decided with an always-valid method (normal-mixture sequential test), so looking at these numbers
        while the pilot runs does not inflate false alarms
        {report.comparisons.length > 1
          ? `; alpha ${report.settings.alpha} is split across ${report.comparisons.length} challengers (${decimal(report.settings.comparisonAlpha, 4)} each)`
          : ""}
        .
      </p>
    </section>
  );
}

function Counts({ report }: { report: PilotReport }) {
  return (
    <section aria-labelledby="dash-counts">
      <h2 id="dash-counts">Calls per variant</h2>
      <TableWrap label="Calls per variant">
        <table className="data" data-testid="variant-counts">
          <caption>Calls per variant</caption>
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Attempted</th>
              <th scope="col">Connected</th>
              <th scope="col">Reached checkpoint</th>
              <th scope="col">Early rejections</th>
              <th scope="col">Successes</th>
              <th scope="col">Early-rejection rate</th>
              <th scope="col">95% Wilson interval</th>
            </tr>
          </thead>
          <tbody>
            {report.variants.map((v) => (
              <tr key={v.id} data-variant={v.id}>
                <th scope="row">
                  {variantName(v)}
                  {v.isControl ? <span className="badge">control</span> : null}
                </th>
                <td>{whole(v.attempted)}</td>
                <td>{whole(v.connected)}</td>
                <td>{v.reachedCheckpoint === null ? "no checkpoint" : whole(v.reachedCheckpoint)}</td>
                <td>{whole(v.earlyRejections)}</td>
                <td>{whole(v.successes)}</td>
                <td>{pct(v.earlyRejectionRate.estimate)}</td>
                <td>{pctInterval(v.earlyRejectionRate.lower, v.earlyRejectionRate.upper)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="muted small">
        {whole(report.totals.analysed)} calls analysed, {whole(report.totals.connected)} connected
        {report.totals.duplicates > 0 ? `, ${whole(report.totals.duplicates)} duplicates ignored` : ""}
        {report.totals.unknownVariant > 0
          ? `, ${whole(report.totals.unknownVariant)} with an unknown variant left out`
          : ""}
        .
      </p>
    </section>
  );
}

function FunnelTable({ variants }: { variants: VariantReport[] }) {
  const stages = variants[0]?.funnel ?? [];
  const allStages = [...new Map(variants.flatMap((v) => v.funnel).map((s) => [s.stage, s.label])).entries()];
  return (
    <TableWrap label="Funnel by variant (calls reaching each stage, share of dialled)">
      <table className="data">
        <caption>Funnel by variant (calls reaching each stage, share of dialled)</caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            {allStages.map(([stage, label]) => (
              <th scope="col" key={stage}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {variants.map((v) => {
            const dialled = v.funnel[0]?.count ?? 0;
            return (
              <tr key={v.id} data-variant={v.id}>
                <th scope="row">{variantName(v)}</th>
                {allStages.map(([stage]) => {
                  const s = v.funnel.find((f) => f.stage === stage);
                  return (
                    <td key={stage}>
                      {s ? `${whole(s.count)} (${pct(dialled > 0 ? s.count / dialled : null, 0)})` : "—"}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {stages.length === 0 ? <p>No stages yet.</p> : null}
    </TableWrap>
  );
}

function Comparisons({ report, byId }: { report: PilotReport; byId: Map<string, VariantReport> }) {
  if (report.comparisons.length === 0) return null;
  return (
    <section aria-labelledby="dash-compare">
      <h2 id="dash-compare">Each challenger against the control</h2>
      <TableWrap label="Early-rejection rate: challengers against the control">
        <table className="data">
          <caption>Early-rejection rate: challengers against the control</caption>
          <thead>
            <tr>
              <th scope="col">Challenger</th>
              <th scope="col">Difference (challenger − control)</th>
              <th scope="col">95% interval (Newcombe hybrid score)</th>
              <th scope="col">Relative change (95% interval)</th>
              <th scope="col">Test</th>
              <th scope="col">p-value, valid at the planned end</th>
              <th scope="col">Always-valid p-value</th>
              <th scope="col">Cost per early rejection avoided</th>
            </tr>
          </thead>
          <tbody>
            {report.comparisons.map((c) => {
              const v = byId.get(c.variantId);
              const currency = v?.costs?.currency ?? "";
              const rel = c.relativeChange;
              return (
                <tr key={c.variantId} data-variant={c.variantId}>
                  <th scope="row">{v ? variantName(v) : c.variantId}</th>
                  <td>{points(c.difference.estimate)}</td>
                  <td>{pointsInterval(c.difference.lower, c.difference.upper)}</td>
                  <td>
                    {rel.estimate === null
                      ? "—"
                      : `${signedPct(rel.estimate)} (${signedPct(rel.lower)} to ${signedPct(rel.upper)})`}
                  </td>
                  <td>{c.fixedHorizonTest.method}</td>
                  <td>{pValue(c.fixedHorizonTest.pValue)}</td>
                  <td>{pValue(c.sequential.pValue)}</td>
                  <td>
                    {c.costPerEarlyRejectionAvoided === null
                      ? "—"
                      : money(c.costPerEarlyRejectionAvoided, currency)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <p className="muted small">
        The fixed-horizon p-value is valid at the planned end only ({whole(report.settings.plannedSampleSize)}{" "}
        connected calls per variant); before then, read the decision above.
      </p>
    </section>
  );
}

function Survival({ report }: { report: PilotReport }) {
  const times = report.variants[0]?.survival.atTimes.map((a) => a.seconds) ?? [];
  const lr = report.survival.logRank;
  return (
    <section aria-labelledby="dash-survival">
      <h2 id="dash-survival">Time on the line</h2>
      <p className="muted">
        Kaplan-Meier curves: the event is that {report.survival.event}. Thin lines are the 95% confidence
        band.
      </p>
      <VariantLegend variants={report.variants} />
      <SurvivalChart variants={report.variants} survivalTimes={times} />
      <TableWrap label="Still on the line (Kaplan-Meier estimate, 95% interval)">
        <table className="data">
          <caption>Still on the line (Kaplan-Meier estimate, 95% interval)</caption>
          <thead>
            <tr>
              <th scope="col">Variant</th>
              {times.map((t) => (
                <th scope="col" key={t}>
                  at {t} s
                </th>
              ))}
              <th scope="col">Customer hang-ups</th>
              <th scope="col">Censored</th>
            </tr>
          </thead>
          <tbody>
            {report.variants.map((v) => (
              <tr key={v.id} data-variant={v.id}>
                <th scope="row">{variantName(v)}</th>
                {v.survival.atTimes.map((a) => (
                  <td key={a.seconds}>
                    {pct(a.survival)} ({pctInterval(a.lower, a.upper)})
                  </td>
                ))}
                <td>{whole(v.survival.customerHangUps)}</td>
                <td>{whole(v.survival.censored)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p>
        {lr === null
          ? "The log-rank test needs connected calls in at least two variants."
          : `${lr.method}: χ² = ${decimal(lr.statistic)} on ${lr.df} df, ${pIs(lr.pValue)} (valid at the planned end).`}
      </p>
    </section>
  );
}

/** 0 (nobody ends here) to 4 (most calls that reach the step end there): the overlay's shade. */
export function heatLevel(dropRate: number | null): number {
  if (dropRate === null || dropRate <= 0) return 0;
  if (dropRate < 0.1) return 1;
  if (dropRate < 0.25) return 2;
  if (dropRate < 0.5) return 3;
  return 4;
}

function Drops({ report, nodeName }: { report: PilotReport; nodeName: (id: string) => string }) {
  return (
    <section aria-labelledby="dash-drops">
      <h2 id="dash-drops">Where people drop</h2>
      <TableWrap label="Calls that reached each step and ended there, by variant">
        <table className="data heat">
          <caption>Calls that reached each step and ended there, by variant</caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                Step
              </th>
              {report.variants.map((v) => (
                <th scope="colgroup" colSpan={3} key={v.id}>
                  {variantName(v)}
                </th>
              ))}
            </tr>
            <tr>
              {report.variants.map((v) => [
                <th scope="col" key={`${v.id}-r`}>
                  Reached
                </th>,
                <th scope="col" key={`${v.id}-e`}>
                  Ended here
                </th>,
                <th scope="col" key={`${v.id}-d`}>
                  Drop rate
                </th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {report.nodes.map((n) => (
              <tr key={n.nodeId} data-node={n.nodeId}>
                <th scope="row">{nodeName(n.nodeId)}</th>
                {n.byVariant.map((b) => [
                  <td key={`${b.variantId}-r`}>{b.reached > 0 ? whole(b.reached) : "—"}</td>,
                  <td key={`${b.variantId}-e`}>{b.reached > 0 || b.ended > 0 ? whole(b.ended) : "—"}</td>,
                  <td key={`${b.variantId}-d`} className="heat-cell" data-heat={heatLevel(b.dropRate)}>
                    {pct(b.dropRate, 0)}
                  </td>,
                ])}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function Objections({ report, nodeName }: { report: PilotReport; nodeName: (id: string) => string }) {
  const rows = report.nodes.flatMap((n) => {
    const ids = [...new Set(n.byVariant.flatMap((b) => b.objections.map((o) => o.objectionId)))];
    return ids.map((objectionId) => ({
      nodeId: n.nodeId,
      objectionId,
      counts: n.byVariant.map((b) => b.objections.find((o) => o.objectionId === objectionId)?.count ?? 0),
    }));
  });
  return (
    <section aria-labelledby="dash-objections">
      <h2 id="dash-objections">Objections</h2>
      {rows.length === 0 ? (
        <p>No objections recorded yet.</p>
      ) : (
        <TableWrap label="Objections raised, by step and variant">
          <table className="data">
            <caption>Objections raised, by step and variant</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Objection</th>
                {report.variants.map((v) => (
                  <th scope="col" key={v.id}>
                    {variantName(v)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.nodeId}-${r.objectionId}`}>
                  <th scope="row">{nodeName(r.nodeId)}</th>
                  <td>{r.objectionId}</td>
                  {r.counts.map((c, i) => (
                    <td key={i}>{whole(c)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function Health({ report }: { report: PilotReport }) {
  const { sampleRatio, balance, warnings } = report.health;
  const tests: { name: string; test: PilotReport["health"]["balance"][number]["test"] }[] = [
    { name: "Sample ratio: dialled calls against the allocation weights", test: sampleRatio.attempted },
    { name: "Sample ratio: connected calls against the allocation weights", test: sampleRatio.connected },
    ...(sampleRatio.assigned
      ? [{ name: "Sample ratio: assigned contacts against the weights", test: sampleRatio.assigned }]
      : []),
    ...balance.map((b) => ({ name: `Balance of ${b.attribute} across variants`, test: b.test })),
  ];
  return (
    <section aria-labelledby="dash-health">
      <h2 id="dash-health">Health checks</h2>
      {warnings.length === 0 ? (
        <p className="notice ok">
          <strong>All checks pass.</strong> Counts match the allocation and no data problems were found.
        </p>
      ) : (
        <ul className="alerts" aria-label="Problems found">
          {warnings.map((w, i) => (
            <li key={i} className="alert" data-code={w.code}>
              <strong>Check this:</strong> {w.message}
            </li>
          ))}
        </ul>
      )}
      <TableWrap label="Health tests">
        <table className="data">
          <caption>Health tests</caption>
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">Test</th>
              <th scope="col">Statistic</th>
              <th scope="col">p-value</th>
            </tr>
          </thead>
          <tbody>
            {tests.map((t) => (
              <tr key={t.name}>
                <th scope="row">{t.name}</th>
                <td>{t.test.method}</td>
                <td>
                  {decimal(t.test.statistic)}
                  {t.test.df !== null ? ` (df ${t.test.df})` : ""}
                </td>
                <td>{pValue(t.test.pValue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function Aapor({ report }: { report: PilotReport }) {
  const first = report.variants[0]?.aapor.rates ?? [];
  return (
    <section aria-labelledby="dash-aapor">
      <h2 id="dash-aapor">Standard rates (AAPOR)</h2>
      <TableWrap label="AAPOR rates per variant, from the call dispositions">
        <table className="data">
          <caption>AAPOR rates per variant, from the call dispositions</caption>
          <thead>
            <tr>
              <th scope="col">Rate</th>
              <th scope="col">Formula</th>
              {report.variants.map((v) => (
                <th scope="col" key={v.id}>
                  {variantName(v)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {first.map((rate) => (
              <tr key={rate.name}>
                <th scope="row">{rate.name}</th>
                <td>
                  <code>{rate.formula}</code>
                </td>
                {report.variants.map((v) => {
                  const r = v.aapor.rates.find((x) => x.name === rate.name);
                  return (
                    <td key={v.id}>
                      {r ? `${pct(r.value)} (${decimal(r.numerator, 0)}/${decimal(r.denominator, 0)})` : "—"}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="muted small">
        I complete, P partial, R refusal and break-off, NC non-contact, O other, UH/UO unknown eligibility
        {report.variants[0]?.aapor.eligibilityRate != null
          ? `, e = ${report.variants[0].aapor.eligibilityRate}`
          : ""}
        .
      </p>
    </section>
  );
}

function Costs({ report, byId }: { report: PilotReport; byId: Map<string, VariantReport> }) {
  const withCosts = report.variants.filter((v) => v.costs !== null || v.projection !== null);
  return (
    <section aria-labelledby="dash-costs">
      <h2 id="dash-costs">Costs and projection</h2>
      {withCosts.length === 0 ? (
        <p>No costs or campaign size were given for this pilot, so there is nothing to project.</p>
      ) : (
        <TableWrap label="Costs in the pilot and the full campaign projected from its rates (95% intervals)">
          <table className="data">
            <caption>
              Costs in the pilot and the full campaign projected from its rates (95% intervals)
            </caption>
            <thead>
              <tr>
                <th scope="col">Variant</th>
                <th scope="col">Pilot cost</th>
                <th scope="col">Per call</th>
                <th scope="col">Per success</th>
                <th scope="col">Campaign contacts</th>
                <th scope="col">Projected successes</th>
                <th scope="col">Projected early rejections</th>
                <th scope="col">Projected cost</th>
                <th scope="col">Projected net value</th>
              </tr>
            </thead>
            <tbody>
              {withCosts.map((v) => {
                const c = v.costs;
                const p = v.projection;
                const cur = c?.currency ?? byId.get(v.id)?.costs?.currency ?? "";
                const range = (
                  e: { estimate: number | null; lower: number | null; upper: number | null } | undefined,
                  fmt: (n: number | null) => string,
                ) =>
                  !e || e.estimate === null ? "—" : `${fmt(e.estimate)} (${fmt(e.lower)} to ${fmt(e.upper)})`;
                return (
                  <tr key={v.id} data-variant={v.id}>
                    <th scope="row">{variantName(v)}</th>
                    <td>{c ? money(c.total, cur) : "—"}</td>
                    <td>{c ? money(c.perCall, cur) : "—"}</td>
                    <td>{c ? money(c.perSuccess, cur) : "—"}</td>
                    <td>{p ? whole(p.contacts) : "—"}</td>
                    <td>{range(p?.successes, whole)}</td>
                    <td>{range(p?.earlyRejections, whole)}</td>
                    <td>{p?.cost != null ? money(p.cost, cur) : "—"}</td>
                    <td>{range(p?.net, (n) => money(n, cur))}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

/**
 * A wide table scrolls sideways on a narrow screen; the scroll box takes keyboard focus so it can be
 * scrolled without a mouse, and is named after its table.
 */
function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be focusable (WCAG 2.1.1)
    <div className="table-wrap" role="region" aria-label={`${label} (scrolls sideways)`} tabIndex={0}>
      {children}
    </div>
  );
}
